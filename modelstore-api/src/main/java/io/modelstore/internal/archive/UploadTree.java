package io.modelstore.internal.archive;

import io.modelstore.InvalidUploadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * What a directory given to upload holds: its regular files, in name order. A link inside it is followed when it
 * stays inside (its file is stored under the link's name, as a copy); a link that leads out of the directory, to
 * nothing, or to a directory that holds it, and anything that is neither a regular file nor a directory (a FIFO,
 * socket or device, which could block the upload or is not a model's file), is refused before anything is written.
 */
public final class UploadTree {

    private UploadTree() {}

    /** The regular files below {@code dir}, as paths below {@code dir} (links not resolved), sorted. */
    static List<Path> files(Path dir) {
        Path start = dir.toAbsolutePath();
        List<Path> files = new ArrayList<>();
        try {
            Path real = start.toRealPath();
            Files.walkFileTree(
                    start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                            if (!d.equals(start)) {
                                requireInside(d, real, start);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            requireInside(file, real, start);
                            if (!attrs.isRegularFile()) {
                                throw notRegular(file);
                            }
                            files.add(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                throw new InvalidUploadException(
                                        link(file) + ", a directory that holds it, so the upload would "
                                                + "never end. Remove the link.");
                            }
                            throw e;
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidUploadException(
                    "Cannot read '" + dir + "': " + e.getMessage() + ". Check that it is readable.", e);
        }
        files.sort(null);
        return files;
    }

    /** Refuses {@code path} when it is a link that leads out of {@code real} or to nothing. */
    private static void requireInside(Path path, Path real, Path dir) throws IOException {
        if (!Files.isSymbolicLink(path)) {
            return; // below a link already checked, or no link at all
        }
        Path target;
        try {
            target = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidUploadException(
                    link(path) + ", which does not exist. Remove the link, or restore what it " + "points to.");
        }
        if (!target.startsWith(real)) {
            throw new InvalidUploadException(
                    "Cannot upload '" + path + "': it is a link to '" + target + "', outside the "
                            + "directory '" + dir
                            + "' being uploaded. Copy what it points to into the directory, or upload it on "
                            + "its own.");
        }
    }

    private static String link(Path path) throws IOException {
        return "Cannot upload '" + path + "': it is a link to '" + Files.readSymbolicLink(path) + "'";
    }

    /** Refuses a FIFO, socket or device, named as precisely as the file system tells. */
    static InvalidUploadException notRegular(Path path) {
        return new InvalidUploadException("Cannot upload '" + path + "': it is " + kind(path)
                + ", not a regular file or a " + "directory. Upload regular files, or a directory of them.");
    }

    private static String kind(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }
}

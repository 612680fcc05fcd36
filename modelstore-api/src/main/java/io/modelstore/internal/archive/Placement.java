package io.modelstore.internal.archive;

import io.modelstore.TargetConflictException;
import io.modelstore.spi.ModelStoreException.Remedy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Moves an extracted tree from its staging directory into the target without losing what the target held: every
 * path in the way is found before anything moves, and then the move is refused (naming it) or, with overwrite, a
 * file replaces a file. A directory of the target is never deleted, nor a link followed.
 */
public final class Placement {

    private Placement() {}

    /** A path of the target that is in the way; {@code kindDiffers} when it is a directory and the model's a file, or back. */
    private record Conflict(Path path, boolean kindDiffers, boolean isDirectory, boolean isLink) {}

    /** Writes a model's files into the staging directory it is given, inside the target ({@code root}). */
    public interface Stager {
        void stage(Path staging, Path root) throws IOException;
    }

    /**
     * Creates {@code targetDir} if needed and a staging directory inside it, lets {@code stager} fill that, then moves
     * its contents in as {@link #moveIn} does; the staging directory is removed either way.
     */
    public static List<Path> viaStaging(Path targetDir, boolean overwrite, String source, Stager stager)
            throws IOException {
        Files.createDirectories(targetDir);
        Path root = targetDir.toRealPath();
        Path staging = Files.createTempDirectory(root, ".modelstore-extract-");
        try {
            stager.stage(staging, root);
            return moveIn(staging, root, overwrite, source);
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * Recreates the tree {@code from} in the existing directory {@code to}: files as copies of their own (never hard
     * links, through which a writer to one would change the other), symbolic links as links.
     */
    public static void copy(Path from, Path to) throws IOException {
        for (Path child : children(from)) {
            Path there = to.resolve(child.getFileName().toString());
            if (Files.isSymbolicLink(child)) {
                Files.createSymbolicLink(there, Files.readSymbolicLink(child));
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(there);
                copy(child, there);
            } else {
                // Keep the download's free-space margin on the target's disk.
                long size = Files.size(child);
                java.nio.file.FileStore disk = Files.getFileStore(to);
                if (disk.getUsableSpace() - size < ExpansionGuard.margin(disk.getTotalSpace())) {
                    throw new OutOfSpaceException("Not enough free space to copy " + child.getFileName() + " (" + size
                            + " bytes) into " + to + ": downloads leave at least " + ExpansionGuard.MARGIN
                            + " bytes (or 1%) free. Free some space, or download to another disk.");
                }
                Files.copy(child, there, LinkOption.NOFOLLOW_LINKS);
                there.toFile().setWritable(true, true); // the copy is the caller's own, unlike the cache's file
            }
        }
    }

    /** Moves the children of {@code staging} into {@code root}; returns where they went. */
    static List<Path> moveIn(Path staging, Path root, boolean overwrite, String source) throws IOException {
        List<Conflict> conflicts = new ArrayList<>();
        findConflicts(staging, root, overwrite, conflicts);
        if (!conflicts.isEmpty()) {
            throw refusal(conflicts, root, source);
        }
        List<Path> placed = new ArrayList<>();
        for (Path child : children(staging)) {
            Path destination = root.resolve(child.getFileName().toString());
            move(child, destination);
            placed.add(destination);
        }
        return placed;
    }

    private static void findConflicts(Path from, Path to, boolean overwrite, List<Conflict> conflicts)
            throws IOException {
        for (Path child : children(from)) {
            Path there = to.resolve(child.getFileName().toString());
            if (!Files.exists(there, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            boolean ours = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            boolean theirs = Files.isDirectory(there, LinkOption.NOFOLLOW_LINKS);
            if (ours != theirs || !overwrite) {
                conflicts.add(new Conflict(there, ours != theirs, theirs, Files.isSymbolicLink(there)));
            } else if (ours) {
                findConflicts(child, there, true, conflicts);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(from, to); // without REPLACE_EXISTING: fails rather than replace what appeared meanwhile
        } else if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            for (Path child : children(from)) {
                move(child, to.resolve(child.getFileName().toString()));
            }
        } else {
            // Overwrite, checked: a file or link by a file or link, in one step, so readers see the old or the new one.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static TargetConflictException refusal(List<Conflict> conflicts, Path root, String source) {
        // One that overwrite would not solve comes first, so that the advice is the one that works.
        Conflict first =
                conflicts.stream().filter(Conflict::kindDiffers).findFirst().orElse(conflicts.get(0));
        String refused = "Cannot download " + source + " into " + root + ": '" + first.path() + "' ";
        if (!first.kindDiffers()) {
            int others = conflicts.size() - 1;
            return new TargetConflictException(
                            first.path(),
                            refused + "is already there"
                                    + (others == 0 ? "" : " (and " + others + " more of the model's paths)")
                                    + ". Nothing was changed.")
                    .withRemedy(new Remedy(
                            "Download into an empty directory, or with "
                                    + "DownloadOptions.defaults().withOverwrite(true) to replace the files there.",
                            "Download into an empty directory, or with --overwrite to replace the files there."));
        }
        String why = first.isDirectory()
                ? "is a directory there, where the model has a file. Nothing was changed: a "
                        + "download never deletes a directory, even with overwrite."
                : "is a " + (first.isLink() ? "link" : "file") + " there, where the model has a directory. Nothing was "
                        + "changed: a download never replaces a file or link with a directory, even with overwrite.";
        return new TargetConflictException(
                first.path(), refused + why + " Move or remove it yourself, or download into another directory.");
    }

    /** The entries of a directory, in name order, so that messages do not depend on the file system's order. */
    private static List<Path> children(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        }
        children.sort(null);
        return children;
    }

    /**
     * Deletes a tree without following its links; what vanishes meanwhile (another JVM evicting the same entry) is
     * no error, and a missing {@code dir} is nothing to do.
     */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

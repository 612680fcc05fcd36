package io.modelstore.internal.archive;

import io.modelstore.InvalidUploadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which file of an upload becomes which archive entry: the model's files at the top, the extras under
 * {@code extras/}, checked (that they exist and are readable, that no two share a name, that none takes the store's
 * {@code model-info.json}) before anything is written.
 */
public final class UploadPlan {

    static final String EXTRAS = "extras/";

    private UploadPlan() {}

    /** Archive entry names mapped to the files they come from, checked for clashes before anything is written. */
    public static Map<String, Path> of(List<Path> files, List<Path> extras) {
        Map<String, Path> entries = new LinkedHashMap<>();
        for (Path file : files) {
            addTree(entries, file, "");
        }
        if (entries.isEmpty()) {
            throw new InvalidUploadException("Nothing to upload: "
                    + (files.isEmpty()
                            ? "no model file was given. Add one with UploadRequest.builder(domain).file(path)."
                            : "the directories " + files + " hold no files."));
        }
        for (Path extra : extras) {
            addTree(entries, extra, EXTRAS);
        }
        return entries;
    }

    private static void addTree(Map<String, Path> entries, Path source, String under) {
        if (!Files.exists(source)) {
            throw new InvalidUploadException(
                    "Cannot upload '" + source + "': no such file or directory. Check the path.");
        }
        if (!Files.isDirectory(source)) {
            // A path given by name is followed wherever it links to; reading a FIFO or device could block for ever.
            if (!Files.isRegularFile(source)) {
                throw UploadTree.notRegular(source);
            }
            add(entries, under + source.getFileName(), source);
            return;
        }
        // A model directory's contents go to the top; an extra directory keeps its name under extras/.
        Path absolute = source.toAbsolutePath();
        Path base = under.isEmpty() ? absolute : absolute.getParent();
        for (Path p : UploadTree.files(absolute)) {
            StringBuilder name = new StringBuilder(under);
            for (Path part : base.relativize(p)) {
                name.append(name.length() == under.length() ? "" : "/").append(part);
            }
            add(entries, name.toString(), p);
        }
    }

    private static void add(Map<String, Path> entries, String name, Path source) {
        if (name.equals(ArchiveWriter.MODEL_INFO)) {
            throw new InvalidUploadException("Cannot upload '" + source + "': the archive's '"
                    + ArchiveWriter.MODEL_INFO + "' is written by the store. Rename the file.");
        }
        Path previous = entries.putIfAbsent(name, source);
        if (previous != null) {
            throw new InvalidUploadException("Two files would both be stored as '" + name + "' in the archive: '"
                    + previous + "' and '" + source + "'. Rename one of them or put them in a directory.");
        }
        if (!Files.isReadable(source)) {
            throw new InvalidUploadException(
                    "Cannot upload '" + source + "': it is not readable. Check its permissions.");
        }
    }
}

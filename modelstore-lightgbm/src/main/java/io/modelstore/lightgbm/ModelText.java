package io.modelstore.lightgbm;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The header of a LightGBM {@code model.txt} (what {@code Booster.save_model} writes): a first line {@code tree}, then
 * {@code key=value} lines up to the first {@code Tree=}, among them the format's {@code version}. LightGBM's own
 * parser ignores that version, so a format newer than lightgbmlib knows would be read as far as it happens to parse;
 * it is checked here instead.
 */
final class ModelText {

    /**
     * The formats lightgbmlib 3.3.510 reads: v2 (LightGBM 2, up to 2.2), v3 (2.3 to 3.3) and v4 (LightGBM 4, and
     * lightgbmlib itself: its LightGBM is a build that already wrote v4). Files of LightGBM 3.2.0 and 4.3.0 load and
     * predict as those releases did (LightGbmLoadTest).
     */
    static final List<String> READABLE = List.of("v2", "v3", "v4");

    private static final int MAX_HEADER_LINES = 10_000;

    private static final String REMEDY = "In Python, load the model with LightGBM 4.x or older (lightgbm.Booster("
            + "model_file=...)) and upload it again with the lightgbm manager, which saves it as that LightGBM writes; or "
            + "export it to ONNX (onnxmltools' convert_lightgbm), upload that with the onnx manager and load it with "
            + "modelstore-onnx.";

    private ModelText() {}

    /**
     * Refuses a file that is no LightGBM text model, or one of a format lightgbmlib does not read.
     *
     * @return the file's format version
     */
    static String checkReadable(Path file, ModelMetadata meta) throws IOException {
        // ISO-8859-1 decodes any byte: feature names are written as they were given.
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = in.readLine();
            if (first == null || !first.strip().equals("tree")) {
                throw new ModelNotLoadableException(
                        subject(meta, file) + " is not a LightGBM text model: its first line "
                                + "is "
                                + (first == null ? "missing (the file is empty)" : "'" + abbreviated(first) + "'")
                                + ", where LightGBM writes 'tree'. Upload the file that LightGBM's Booster.save_model writes, as "
                                + "Python modelstore's lightgbm manager does.",
                        null);
            }
            String line;
            for (int n = 0; n < MAX_HEADER_LINES && (line = in.readLine()) != null && !line.startsWith("Tree="); n++) {
                if (line.startsWith("version=")) {
                    String version = line.substring("version=".length()).strip();
                    if (!READABLE.contains(version)) {
                        throw unreadable(meta, file, "of format version " + abbreviated(version));
                    }
                    return version;
                }
            }
            throw unreadable(
                    meta, file, "with no version line (LightGBM has written one since its releases of late 2017)");
        }
    }

    /**
     * Copies {@code file} to {@code target} without its {@code tree_sizes} line, so that LightGBM 3.3.5 parses the
     * trees one after the other. With that line it parses them on OpenMP threads, where an error in a damaged tree
     * aborts the whole process (std::terminate) instead of being returned as an error.
     */
    static void copyForSequentialParse(Path file, Path target) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.ISO_8859_1)) {
            boolean header = true;
            String line;
            while ((line = in.readLine()) != null) {
                if (header && line.startsWith("Tree=")) {
                    header = false;
                }
                if (!header || !line.startsWith("tree_sizes=")) {
                    out.write(line);
                    out.write('\n');
                }
            }
        }
    }

    /** LightGBM's parser refused a file whose version line is one it reads. */
    static ModelNotLoadableException refused(ModelMetadata meta, Path file, String version, String lightGbmError) {
        return new ModelNotLoadableException(
                subject(meta, file) + " (format version " + version + ") could not be "
                        + "parsed by LightGBM " + LightGbmModelLoader.LIGHTGBM_VERSION
                        + ", modelstore-lightgbm's runtime: "
                        + lightGbmError + ". It reads model.txt versions " + String.join(", ", READABLE)
                        + ", but not a damaged "
                        + "file, nor one that uses what it does not know. " + REMEDY,
                null);
    }

    private static ModelNotLoadableException unreadable(ModelMetadata meta, Path file, String what) {
        return new ModelNotLoadableException(
                subject(meta, file) + " is a LightGBM model " + what + ", which lightgbmlib "
                        + LightGbmModelLoader.RUNTIME_VERSION
                        + " (modelstore-lightgbm's runtime) does not read: it reads model.txt "
                        + "versions " + String.join(", ", READABLE) + ", as LightGBM 2 to 4 write them. " + REMEDY,
                null);
    }

    private static String subject(ModelMetadata meta, Path file) {
        return "The " + file.getFileName() + " of model '" + meta.modelId() + "' of domain '" + meta.domain() + "'";
    }

    private static String abbreviated(String text) {
        String line = text.strip();
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}

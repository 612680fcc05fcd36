package io.modelstore.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The store written by the real Python modelstore 0.0.81 in {@code shared/fixtures}, and its manifest.
 * Found by walking up from the working directory to a sibling {@code shared/} directory, or at the
 * {@code modelstore.shared.dir} system property.
 */
public final class PythonFixture {

    private static final String FIXTURE = "fixtures/python-modelstore-0.0.81";

    /** The store of models to serve (xgboost, onnx, sklearn); its manifest has input rows and Python's predictions. */
    public static final String SERVING = "fixtures/python-modelstore-0.0.81-serving";
    /** TorchScript, pickled PyTorch and ONNX models written with torch 1.13 (its README says what it holds). */
    public static final String RUNTIMES = "fixtures/python-modelstore-0.0.81-runtimes";

    private PythonFixture() {}

    /** The fixture directory holding {@code manifest.json} and {@code store/}. */
    public static Path directory() {
        return directory(FIXTURE);
    }

    /** The directory of a fixture of {@code shared/}, such as {@link #SERVING}. */
    public static Path directory(String fixture) {
        String configured = System.getProperty("modelstore.shared.dir");
        if (configured != null) {
            return Path.of(configured).resolve(fixture);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(fixture);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "Cannot find shared/" + fixture + " above " + Path.of("").toAbsolutePath()
                        + ": clone the repository beside shared/, or set -Dmodelstore.shared.dir");
    }

    /** The store's root directory (holding {@code operatorai-model-store/}). */
    public static Path storeRoot() {
        return directory().resolve("store");
    }

    /** The parsed {@code manifest.json}. */
    public static JsonNode manifest() {
        return manifest(FIXTURE);
    }

    /** The parsed {@code manifest.json} of a fixture, such as {@link #SERVING}. */
    public static JsonNode manifest(String fixture) {
        try {
            return new ObjectMapper()
                    .readTree(directory(fixture).resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@link #SERVING} manifest's entries for the models of {@code domain}: id, input rows, Python's predictions. */
    public static List<JsonNode> servingModels(String domain) {
        return StreamSupport.stream(manifest(SERVING).get("models").spliterator(), false)
                .filter(m -> m.get("domain").asText().equals(domain))
                .collect(Collectors.toList());
    }

    /** A manifest's input rows (arrays of numbers) as one row-major array of floats, as runtimes take them. */
    public static float[] rowMajor(JsonNode rows) {
        int columns = rows.get(0).size();
        float[] values = new float[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = (float) rows.get(r).get(c).asDouble();
            }
        }
        return values;
    }

    /**
     * Copies the store of a fixture of {@code shared/} (such as {@link #SERVING}) into {@code target}, writable, so
     * that a test may change it (move a state, say) and leave the fixture as it is.
     */
    public static Path copyStore(String fixture, Path target) throws IOException {
        Path from = directory(fixture).resolve("store");
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    to.toFile().setWritable(true);
                }
            }
        }
        return target;
    }

    /** Copies every file of the fixture store into {@code storage} below {@code rootPrefix}, keys as relative paths. */
    public static void copyInto(Storage storage, String rootPrefix) {
        copyInto(storage, rootPrefix, FIXTURE);
    }

    /** As {@link #copyInto(Storage, String)}, from the store of another fixture of {@code shared/} (such as {@link #RUNTIMES}). */
    public static void copyInto(Storage storage, String rootPrefix, String fixture) {
        Path root = directory(fixture).resolve("store");
        String prefix = rootPrefix == null || rootPrefix.isEmpty() ? "" : rootPrefix + "/";
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String key = prefix + root.relativize(file).toString().replace('\\', '/');
                storage.write(key, file, WriteCondition.always());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The regular files of a tar.gz archive, name to bytes, read independently of the library's extraction. */
    public static Map<String, byte[]> archiveContents(InputStream gzipped) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(gzipped))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }

    /** The archive path of a fixture model, found in the fixture tree. */
    public static Path archiveOf(String domain, String modelId) throws IOException {
        try (Stream<Path> files =
                Files.walk(storeRoot().resolve("operatorai-model-store").resolve(domain))) {
            List<Path> found = files.filter(p -> p.endsWith(Path.of(modelId, "artifacts.tar.gz")))
                    .collect(Collectors.toList());
            if (found.size() != 1) {
                throw new IllegalStateException(
                        "Expected one archive of " + domain + "/" + modelId + ", found " + found);
            }
            return found.get(0);
        }
    }
}

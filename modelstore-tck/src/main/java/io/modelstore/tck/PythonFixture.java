package io.modelstore.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The store written by the real Python modelstore 0.0.81 in {@code shared/fixtures}, and its manifest.
 * Found by walking up from the working directory to a sibling {@code shared/} directory, or at the
 * {@code modelstore.shared.dir} system property.
 */
public final class PythonFixture {

    private static final String FIXTURE = "fixtures/python-modelstore-0.0.81";

    private PythonFixture() {
    }

    /** The fixture directory holding {@code manifest.json} and {@code store/}. */
    public static Path directory() {
        String configured = System.getProperty("modelstore.shared.dir");
        if (configured != null) {
            return Path.of(configured).resolve(FIXTURE);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(FIXTURE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find shared/" + FIXTURE + " above " + Path.of("").toAbsolutePath()
                + ": clone the repository beside shared/, or set -Dmodelstore.shared.dir");
    }

    /** The store's root directory (holding {@code operatorai-model-store/}). */
    public static Path storeRoot() {
        return directory().resolve("store");
    }

    /** The parsed {@code manifest.json}. */
    public static JsonNode manifest() {
        try {
            return new ObjectMapper().readTree(directory().resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every file of the fixture store into {@code storage} below {@code rootPrefix}, keys as relative paths. */
    public static void copyInto(Storage storage, String rootPrefix) {
        Path root = storeRoot();
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
        try (Stream<Path> files = Files.walk(storeRoot().resolve("operatorai-model-store").resolve(domain))) {
            List<Path> found = files.filter(p -> p.endsWith(Path.of(modelId, "artifacts.tar.gz"))).collect(Collectors.toList());
            if (found.size() != 1) {
                throw new IllegalStateException("Expected one archive of " + domain + "/" + modelId + ", found " + found);
            }
            return found.get(0);
        }
    }
}

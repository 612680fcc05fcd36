package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.ModelStore;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store contracts share: a fresh storage, counted request by request, with a store on it below
 * {@link #rootPrefix()}, and the helpers that make models, Python-written entries and hostile archives.
 */
public abstract class CountedStoreContract {

    /** For the subclasses. */
    protected CountedStoreContract() {}

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    /** The root prefix the store is opened with; backends test a non-empty one too. */
    protected String rootPrefix() {
        return "";
    }

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final DateTimeFormatter ARCHIVE_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss");

    protected CountingStorage storage;
    protected ModelStore store;

    @TempDir
    protected Path tmp;

    @BeforeEach
    void openStore() throws Exception {
        storage = new CountingStorage(createStorage());
        store = ModelStore.fromStorage(storage, rootPrefix());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected String base() {
        return rootPrefix().isEmpty() ? "operatorai-model-store/" : rootPrefix() + "/operatorai-model-store/";
    }

    /** A store on the test's storage whose uploads are dated {@code time}: distinct times without waiting. */
    protected ModelStore at(Instant time) {
        return ModelStore.builder(storage)
                .rootPrefix(rootPrefix())
                .clock(Clock.fixed(time, ZoneOffset.UTC))
                .build();
    }

    protected Path file(String relative, byte[] content) throws IOException {
        Path p = tmp.resolve("in").resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    /** Every path below {@code dir}, hidden ones too, relative and '/'-separated, without following links. */
    protected static List<String> paths(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Makes a FIFO with mkfifo; skips the test where there is none. */
    protected static Path mkfifo(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Process process;
        try {
            process = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeThat(e).as("mkfifo is not available").isNull();
            throw e;
        }
        assumeThat(process.waitFor()).as("mkfifo's exit code").isZero();
        return path;
    }

    /** Makes a symbolic link; skips the test where the file system has none. */
    protected static Path symlink(Path link, Path target) throws IOException {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            assumeThat(e).as("symbolic links are not available").isNull();
            throw e;
        }
    }

    protected Set<String> allKeys() {
        try (Stream<BlobInfo> all = storage.list(rootPrefix().isEmpty() ? "" : rootPrefix() + "/")) {
            return all.map(BlobInfo::key).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    protected List<String> archiveKeys(String domain) {
        return allKeys().stream()
                .filter(k -> k.startsWith(base() + domain + "/") && k.endsWith("/artifacts.tar.gz"))
                .collect(Collectors.toList());
    }

    protected String archiveKey(String domain, String modelId) {
        List<String> keys = archiveKeys(domain).stream()
                .filter(k -> k.endsWith("/" + modelId + "/artifacts.tar.gz"))
                .collect(Collectors.toList());
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    protected static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    protected static Set<String> fieldPaths(JsonNode node, String prefix) {
        Set<String> paths = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix + f.getKey();
            paths.add(path);
            if (f.getValue().isObject()) {
                paths.addAll(fieldPaths(f.getValue(), path + "."));
            }
        }
        return paths;
    }

    protected byte[] pythonMetadata(String domain, String id, String archiveTime) {
        return bytes("{\"model\": {\"domain\": \"" + domain + "\", \"model_id\": \"" + id + "\", \"model_type\": "
                + "{\"library\": \"model_file\"}, \"parameters\": {}}, \"storage\": {\"type\": \"file_system\", "
                + "\"root\": \"/elsewhere\", \"path\": \"/elsewhere/operatorai-model-store/" + domain + "/"
                + archiveTime + "/"
                + id + "/artifacts.tar.gz\"}, \"modelstore\": \"0.0.81\", \"code\": {\"runtime\": \"python:3.11.2\", "
                + "\"user\": \"root\", \"created\": \""
                + archiveTime
                        .replace('.', '/')
                        .replace("-", "/")
                        .replaceFirst("/(\\d{2})/(\\d{2})/(\\d{2})$", "/$1:$2:$3")
                + "\", \"dependencies\": {}}}");
    }

    /** Writes a model as Python would (no checksum) with the given archive bytes. */
    protected void writePythonModel(String domain, String id, byte[] archive) {
        writePythonModel(domain, id, archive, "2025.01.01-00.00.00");
    }

    protected void writePythonModel(String domain, String id, byte[] archive, String time) {
        storage.write(base() + domain + "/" + time + "/" + id + "/artifacts.tar.gz", archive, WriteCondition.always());
        storage.write(
                base() + domain + "/versions/" + id + ".json",
                pythonMetadata(domain, id, time),
                WriteCondition.always());
    }

    /** Writes the entries of an attack into a tar. */
    protected interface TarEntryWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    protected static byte[] maliciousArchive(TarEntryWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            file(tar, "model.bin", "a harmless first entry");
            writer.write(tar);
        }
        return out.toByteArray();
    }

    protected static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    protected static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = bytes(content);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    protected static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}

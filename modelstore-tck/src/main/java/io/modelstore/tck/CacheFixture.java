package io.modelstore.tck;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cache's contracts share: a counting storage that a test can take down or make die mid-archive, a cache
 * directory, models of known bytes, and what the cache holds. A backend's test returns a fresh, empty storage from
 * {@link #createStorage()}.
 */
public abstract class CacheFixture {

    /** For the subclasses. */
    protected CacheFixture() {}

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    protected static final String DOMAIN = "fraud";
    protected static final int MODEL_BYTES = 10_000;
    protected static final long ROOMY = 1L << 30;

    @TempDir
    protected Path tmp;

    protected CountingStorage counting;
    protected Switchable storage;
    protected Path cacheDir;

    @BeforeEach
    void open() throws Exception {
        counting = new CountingStorage(createStorage());
        storage = new Switchable(counting);
        cacheDir = tmp.resolve("cache");
    }

    @AfterEach
    void close() {
        counting.close();
    }

    /** A store on the test's storage with the test's cache directory; the storage is closed after the test. */
    protected ModelStore store(long maxBytes) {
        return ModelStore.builder(storage).cache(cacheDir, maxBytes).build();
    }

    /** As {@link #store(long)}, with models of these ids uploaded. */
    protected ModelStore storeWith(long maxBytes, String... ids) {
        ModelStore store = store(maxBytes);
        for (String id : ids) {
            upload(store, id);
        }
        return store;
    }

    protected void upload(ModelStore store, String id) {
        try {
            Path file = Files.createTempDirectory(tmp, "model-").resolve("model.bin");
            Files.write(file, content(id));
            store.upload(UploadRequest.builder(DOMAIN).modelId(id).file(file).build());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Incompressible bytes, different for each id. */
    protected static byte[] content(String id) {
        byte[] bytes = new byte[MODEL_BYTES];
        new Random(id.hashCode()).nextBytes(bytes);
        return bytes;
    }

    protected void download(ModelStore store, String id) {
        try {
            store.download(Files.createTempDirectory(tmp, "target-"), DOMAIN, id);
            Thread.sleep(5); // so that the next use is later, whatever the file system's time resolution
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected int archiveReads() {
        return counting.readsOf(k -> k.endsWith("artifacts.tar.gz"));
    }

    /** The ids with an entry in the cache (see README, "The local cache"). */
    protected List<String> cached() throws IOException {
        return leftovers(cacheDir.resolve("entries").resolve(DOMAIN));
    }

    protected static List<String> leftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    protected long entryBytes() throws IOException {
        try (Stream<Path> files = Files.walk(cacheDir.resolve("entries"))) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    protected String archiveKey(String id) {
        try (Stream<BlobInfo> blobs = counting.list("")) {
            return blobs.map(BlobInfo::key)
                    .filter(k -> k.endsWith("/" + id + "/artifacts.tar.gz"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    protected byte[] archiveBytes(String id) throws IOException {
        try (InputStream in = counting.read(archiveKey(id))) {
            return in.readAllBytes();
        }
    }

    /**
     * The storage as a test needs it: unreachable when {@code down} (every call fails with {@code UNREACHABLE}), or
     * with archive reads that fail half-way as a process that dies mid-fill does.
     */
    protected static final class Switchable extends UnreachableStorage {
        public volatile boolean dieMidArchive;

        Switchable(Storage delegate) {
            super(delegate);
        }

        @Override
        public InputStream read(String key) {
            InputStream in = super.read(key);
            return dieMidArchive && key.endsWith("artifacts.tar.gz") ? dying(in) : in;
        }

        @Override
        public InputStream read(String key, long offset) {
            check(key);
            if (dieMidArchive && key.endsWith("artifacts.tar.gz")) {
                throw new IllegalStateException("Test: the process died mid-fill"); // no resuming either
            }
            return super.read(key, offset);
        }

        private static InputStream dying(InputStream in) {
            return new FilterInputStream(in) {
                private long read;

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (read > MODEL_BYTES / 2) {
                        in.close();
                        throw new IllegalStateException("Test: the process died mid-fill");
                    }
                    int n = super.read(buffer, offset, Math.min(length, 1024));
                    read += Math.max(n, 0);
                    return n;
                }
            };
        }
    }
}

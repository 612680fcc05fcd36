package io.modelstore.benchmarks;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.local.FileSystemStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the verified cache costs per use of a large model on the local file system: a download that fills it, a
 * download from it (a copy of the files, checked before and after), a load from it (the files checked before and
 * after the runtime reads them, by a loader that reads nothing, so that only the cache is timed), and both again
 * after every file's identity changed (as in a restored cache), when the files are hashed again.
 */
final class CacheBenchmark {

    private static final int ROUNDS = Integer.getInteger("cache.rounds", 5);

    private CacheBenchmark() {}

    /** Returns the model's directory without reading a byte of it. */
    public static final class PathLoader implements ModelLoader {
        static final String LIBRARY = "benchmark-path";

        @Override
        public String library() {
            return LIBRARY;
        }

        @Override
        public String typeName() {
            return Path.class.getName();
        }

        @Override
        public Object load(Path modelDirectory, ModelMetadata metadata) {
            return modelDirectory;
        }
    }

    static void run(Path work) throws Exception {
        long mib = Long.getLong("size.mib", 1024);
        Path model = Benchmarks.model(
                Files.createDirectories(work.resolve("cache-model")).resolve("model.bin"), mib, false);
        Path cache = work.resolve("cache");
        try (ModelStore store = ModelStore.builder(new FileSystemStorage(work.resolve("cache-store"), true))
                .cache(cache, (mib + 64) << 20)
                .build()) {
            String id = store.upload(UploadRequest.builder("big")
                            .file(model)
                            .library(PathLoader.LIBRARY)
                            .build())
                    .modelId();
            List<List<String>> rows = new ArrayList<>();
            long[] fill = new long[ROUNDS];
            long[] direct = new long[ROUNDS];
            long[] hit = new long[ROUNDS];
            long[] load = new long[ROUNDS];
            long[] rehashDownload = new long[ROUNDS];
            long[] rehashLoad = new long[ROUNDS];
            try (ModelStore uncached =
                    ModelStore.fromStorage(new FileSystemStorage(work.resolve("cache-store"), false))) {
                for (int round = 0; round < ROUNDS; round++) {
                    Benchmarks.deleteTree(cache);
                    fill[round] = time(() -> store.download(target(work), "big", id));
                    direct[round] = time(() -> uncached.download(target(work), "big", id));
                    hit[round] = time(() -> store.download(target(work), "big", id));
                    load[round] = time(() -> store.load("big", id, Path.class));
                    touchAll(cache);
                    rehashDownload[round] = time(() -> store.download(target(work), "big", id));
                    touchAll(cache);
                    rehashLoad[round] = time(() -> store.load("big", id, Path.class));
                }
            }
            rows.add(List.of("download without a cache (fetch, check the archive's SHA-256, extract)", ms(direct)));
            rows.add(List.of("download that fills the cache", ms(fill)));
            rows.add(List.of("download from the cache (copy, files checked before and after)", ms(hit)));
            rows.add(List.of(
                    "load from the cache (files checked before and after; the loader reads nothing)", ms(load)));
            rows.add(List.of(
                    "download from the cache after its files' identities changed (hashed again)", ms(rehashDownload)));
            rows.add(List.of("load from the cache after its files' identities changed (hashed again)", ms(rehashLoad)));
            Benchmarks.table(
                    "Cache: a " + mib + " MiB incompressible model on the local file system, median of " + ROUNDS
                            + " rounds",
                    List.of("what", "time"),
                    rows);
        }
    }

    private static Path target(Path work) throws Exception {
        Path target = work.resolve("cache-target");
        Benchmarks.deleteTree(target);
        return target;
    }

    /** Changes every cached file's identity (its change time), not its bytes: a cache copied or restored. */
    private static void touchAll(Path cache) throws Exception {
        try (Stream<Path> files = Files.walk(cache.resolve("entries"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            }
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static long time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static String ms(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(java.util.Locale.ROOT, "%.0f ms", sorted[sorted.length / 2] / 1e6);
    }
}

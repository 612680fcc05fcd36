package io.modelstore.benchmarks;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Peak heap of an upload and a download of a large model (default 4 GiB) on the local store, in a child JVM
 * started with {@code -Xmx256m}: it must complete, and the heap's peak stays below the limit whatever the size.
 */
final class MemoryBenchmark {

    private MemoryBenchmark() {}

    static void run(Path work) throws Exception {
        long mib = Long.getLong("memory.mib", 4096);
        List<List<String>> rows = new ArrayList<>();
        for (String kind : List.of("incompressible")) {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // The harness jar, or (under a test runner) the test class path.
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process child = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            classpath,
                            Benchmarks.class.getName(),
                            "memory-child",
                            work.toString(),
                            String.valueOf(mib))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(child.getInputStream().readAllBytes(), Charset.defaultCharset())
                    .trim(); // as the child writes
            int exit = child.waitFor();
            String[] figures = out.lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .findFirst()
                    .orElse("RESULT - - - -")
                    .split(" ", -1);
            rows.add(List.of(
                    mib / 1024 + " GiB (" + kind + ")",
                    "-Xmx256m",
                    exit == 0 ? "yes" : "no (exit " + exit + ": " + out + ")",
                    figures[1],
                    figures[2],
                    figures[3],
                    figures[4]));
        }
        Benchmarks.table(
                "Peak heap of an upload and a download under -Xmx256m (local store)",
                List.of("model", "heap limit", "completed", "peak heap", "GC runs", "upload", "download"),
                rows);
    }

    /** Runs in the child JVM: upload and download, then prints "RESULT peak gcs upload download". */
    static void child(Path work, long mib) throws Exception {
        Path model = Benchmarks.model(work.resolve("big-model.bin"), mib, false);
        long upload;
        long download;
        try (ModelStore store = ModelStore.fromFileSystem(work.resolve("memory-store"), true)) {
            long t0 = System.nanoTime();
            ModelMetadata meta = store.upload("big", model);
            upload = System.nanoTime() - t0;
            Files.delete(model); // keep the disk's use down
            t0 = System.nanoTime();
            store.download(work.resolve("memory-out"), "big", meta.modelId());
            download = System.nanoTime() - t0;
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(g -> Math.max(0, g.getCollectionCount()))
                .sum();
        long bytes = mib << 20;
        System.out.println(String.format(
                Locale.ROOT,
                "RESULT %.0fMiB %d %s %s",
                peak / 1048576.0,
                gcs,
                Benchmarks.mibPerSecond(bytes, upload).replace(' ', '_'),
                Benchmarks.mibPerSecond(bytes, download).replace(' ', '_')));
    }
}

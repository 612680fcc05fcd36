package io.modelstore.benchmarks;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.lightgbm.LightGbmModel;
import io.modelstore.lightgbm.LightGbmModelLoader;
import io.modelstore.lightgbm.LightGbmTraining;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What serving a LightGBM model costs: a load and the first prediction in a fresh JVM (cold: lightgbmlib's native
 * libraries copied out of their jar and loaded, the store's classes loaded) and in a JVM that has loaded before
 * (warm), and a prediction once loaded. The model is trained here by lightgbmlib and uploaded as Python's lightgbm
 * manager uploads it, to a local store.
 */
final class LightGbmBenchmark {

    private static final int COLD_RUNS = Integer.getInteger("lightgbm.cold", 5);
    private static final int WARM_RUNS = Integer.getInteger("lightgbm.warm", 10);
    private static final int ITERATIONS = Integer.getInteger("lightgbm.iterations", 500);
    private static final int ROWS = Integer.getInteger("lightgbm.rows", 10_000);
    private static final int LEAVES = 31;

    private LightGbmBenchmark() {}

    static void run(Path work) throws Exception {
        Path root = work.resolve("lightgbm-store");
        LightGbmTraining.Trained trained = LightGbmTraining.train(
                7, ROWS, LEAVES, ITERATIONS, Files.createDirectories(work.resolve("lightgbm-model")));
        String id;
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            id = store.upload(UploadRequest.builder("churn-lgbm")
                            .files(trained.modelFile(), trained.dumpFile())
                            .library("lightgbm")
                            .type("Booster")
                            .parameters(trained.params())
                            .build())
                    .modelId();
        }
        long modelBytes = Files.size(trained.modelFile());

        long[] coldLoad = new long[COLD_RUNS];
        long[] coldFirst = new long[COLD_RUNS];
        long[] nativeRss = new long[COLD_RUNS];
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The harness jar, or (under a test runner) the test class path.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (int run = 0; run < COLD_RUNS; run++) {
            Process child = new ProcessBuilder(
                            java, "-cp", classpath, Benchmarks.class.getName(), "lightgbm-child", root.toString(), id)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(child.getInputStream().readAllBytes(), Charset.defaultCharset())
                    .trim(); // as the child writes
            if (child.waitFor() != 0) {
                throw new IllegalStateException("The cold-load child failed: " + out);
            }
            String[] figures = out.lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The cold-load child said: " + out))
                    .split(" ", -1);
            coldLoad[run] = Long.parseLong(figures[1]);
            coldFirst[run] = Long.parseLong(figures[2]);
            nativeRss[run] = Long.parseLong(figures[3]);
        }

        long[] parse = new long[WARM_RUNS];
        long[] warmLoad = new long[WARM_RUNS];
        long[] warmFirst = new long[WARM_RUNS];
        float[][] row = {LightGbmTraining.probeRows()[0]};
        float[][] thousand = new float[1000][];
        Arrays.fill(thousand, row[0]);
        long[] oneRow = new long[1000];
        long[] thousandRows = new long[20];
        try (ModelStore store = ModelStore.fromFileSystem(root)) {
            store.load("churn-lgbm", id, LightGbmModel.class).close(); // the JVM has loaded once: what warm means
            Path files = store.download(work.resolve("lightgbm-files"), "churn-lgbm", id);
            io.modelstore.ModelMetadata meta = store.getModelInfo("churn-lgbm", id);
            for (int run = 0; run < WARM_RUNS; run++) {
                long t0 = System.nanoTime();
                ((LightGbmModel) new LightGbmModelLoader().load(files, meta)).close();
                parse[run] = System.nanoTime() - t0;
            }
            for (int run = 0; run < WARM_RUNS; run++) {
                long t0 = System.nanoTime();
                try (LightGbmModel model = store.load("churn-lgbm", id, LightGbmModel.class)) {
                    long t1 = System.nanoTime();
                    model.predict(row);
                    warmFirst[run] = System.nanoTime() - t1;
                    warmLoad[run] = t1 - t0;
                    if (run == WARM_RUNS - 1) {
                        for (int i = 0; i < oneRow.length; i++) {
                            long t = System.nanoTime();
                            model.predict(row);
                            oneRow[i] = System.nanoTime() - t;
                        }
                        for (int i = 0; i < thousandRows.length; i++) {
                            long t = System.nanoTime();
                            model.predict(thousand);
                            thousandRows[i] = System.nanoTime() - t;
                        }
                    }
                }
            }
        }

        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "cold load: a fresh JVM's first `load` (native libraries copied out and loaded, download, "
                        + "parse), median of " + COLD_RUNS + " JVMs",
                ms(median(coldLoad))));
        rows.add(List.of("cold first prediction (1 row)", us(median(coldFirst))));
        rows.add(List.of(
                "warm load: download and parse, in a JVM that has loaded before, median of " + WARM_RUNS,
                ms(median(warmLoad))));
        rows.add(List.of("warm first prediction (1 row)", us(median(warmFirst))));
        rows.add(List.of(
                "of a warm load, the loader alone (header checked, model.txt copied without tree_sizes, "
                        + "LightGBM's parse), median of " + WARM_RUNS,
                ms(median(parse))));
        rows.add(List.of("a prediction of 1 row, once loaded, median of 1,000", us(median(oneRow))));
        rows.add(List.of("a prediction of 1,000 rows, median of 20", ms(median(thousandRows))));
        rows.add(List.of(
                "resident memory a fresh JVM's first load adds (native libraries, booster, classes; VmRSS), median",
                String.format(Locale.ROOT, "%.1f MiB", median(nativeRss) / 1024.0)));
        Benchmarks.table(
                String.format(
                        Locale.ROOT,
                        "LightGBM: load and predict (%d trees of %d leaves, model.txt " + "%.1f MiB, local store)",
                        ITERATIONS,
                        LEAVES,
                        modelBytes / (1024.0 * 1024)),
                List.of("what", "time"),
                rows);
    }

    /** In the child JVM: the first load and prediction; prints "RESULT loadNanos firstPredictionNanos rssKiB". */
    static void child(Path root, String id) throws Exception {
        try (ModelStore store = ModelStore.fromFileSystem(root)) {
            long rss = residentKiB();
            long t0 = System.nanoTime();
            LightGbmModel model = store.load("churn-lgbm", id, LightGbmModel.class);
            long t1 = System.nanoTime();
            model.predict(new float[][] {LightGbmTraining.probeRows()[0]});
            long t2 = System.nanoTime();
            long added = residentKiB() - rss;
            model.close();
            System.out.println("RESULT " + (t1 - t0) + " " + (t2 - t1) + " " + added);
        }
    }

    private static long residentKiB() throws java.io.IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .orElse(0L);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
}

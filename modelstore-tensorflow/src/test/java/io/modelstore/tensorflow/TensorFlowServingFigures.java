package io.modelstore.tensorflow;

import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.SavedModelBundle;

/**
 * The figures of BENCHMARKS.md's TensorFlow section, in a fresh JVM (not a test: timings are no assertions):
 * start-up, load and first prediction, cold and warm, and the process's resident memory over {@code follow()} swaps.
 * Run with the module's test classpath: {@code java -cp ... io.modelstore.tensorflow.TensorFlowServingFigures [swaps]}.
 */
public final class TensorFlowServingFigures {

    private static final String DOMAIN = "churn-tf";

    private TensorFlowServingFigures() {}

    public static void main(String[] args) throws Exception {
        int swaps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        System.out.printf("JVM up: %s%n", rss());
        long t = System.nanoTime();
        new TensorFlowModelLoader().checkAvailable();
        System.out.printf("TensorFlow's C library loaded (checkAvailable): %.0f ms, %s%n", ms(t), rss());

        Path tmp = Files.createTempDirectory("tf-figures-");
        Path storeDir = tmp.resolve("store");
        // Exported and uploaded in child JVMs (an upload loads the model to record its signature), so that this
        // JVM's first load is a cold one.
        String[] ids = {
            uploadInChild(new DenseModel(new float[] {0.5f, -1f, 0.25f, 2f}, 0.1f), storeDir, tmp.resolve("v1")),
            uploadInChild(new DenseModel(new float[] {-0.5f, 1f, 0.75f, -2f}, -0.2f), storeDir, tmp.resolve("v3"))
        };
        float[][] rows = new DenseModel(new float[4], 0f).rows(32, 1);
        try (ModelStore store = ModelStore.fromFileSystem(storeDir)) {
            for (String phase : List.of("cold (first load in the JVM)", "warm")) {
                t = System.nanoTime();
                try (SavedModelBundle bundle = store.load(DOMAIN, ids[0], SavedModelBundle.class)) {
                    double load = ms(t);
                    t = System.nanoTime();
                    DenseModel.predict(bundle, rows);
                    double firstPrediction = ms(t);
                    t = System.nanoTime();
                    DenseModel.predict(bundle, rows);
                    System.out.printf(
                            "%s: load %.1f ms, first prediction (32 rows) %.2f ms, second %.2f ms, %s%n",
                            phase, load, firstPrediction, ms(t), rss());
                }
            }

            store.createModelState("production");
            store.setModelState(DOMAIN, ids[0], "production");
            try (LiveModel<SavedModelBundle> live =
                    store.follow(DOMAIN, "production", SavedModelBundle.class, Duration.ofHours(1))) {
                live.apply(b -> DenseModel.predict(b, rows));
                System.out.printf("swap %3d: %s%n", 0, rss());
                List<Double> times = new ArrayList<>();
                for (int i = 1; i <= swaps; i++) {
                    store.setModelState(DOMAIN, ids[i % 2], "production");
                    store.removeModelState(DOMAIN, ids[(i + 1) % 2], "production");
                    t = System.nanoTime();
                    if (!live.refresh()) {
                        throw new IllegalStateException("no swap at " + i);
                    }
                    times.add(ms(t));
                    live.apply(b -> DenseModel.predict(b, rows));
                    if (i % 10 == 0) {
                        System.out.printf("swap %3d: %s%n", i, rss());
                    }
                }
                Collections.sort(times);
                System.out.printf(
                        "a swap (refresh: list, download, load, swap in; the old bundle closed): median "
                                + "%.1f ms, slowest %.1f ms%n",
                        times.get(times.size() / 2), times.get(times.size() - 1));
            }
            System.gc();
            System.out.printf("after the swaps and a GC: %s%n", rss());
        }
    }

    /** Exports {@code model} as Python's archive and uploads it in a child JVM; returns the model's id. */
    private static String uploadInChild(DenseModel model, Path store, Path files) throws Exception {
        StringBuilder weights = new StringBuilder();
        for (float w : model.weights()) {
            weights.append(weights.length() == 0 ? "" : ",").append(w);
        }
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Upload.class.getName(),
                        store.toString(),
                        files.toString(),
                        weights.toString(),
                        Float.toString(model.bias()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String id =
                new String(p.getInputStream().readAllBytes(), Charset.defaultCharset()).trim(); // as the child writes
        if (p.waitFor() != 0) {
            throw new IllegalStateException("The upload failed");
        }
        return id;
    }

    /** The child: exports a {@link DenseModel} as Python's archive, uploads it and prints its id. */
    public static final class Upload {

        private Upload() {}

        public static void main(String[] args) throws IOException {
            String[] parts = args[2].split(",", -1);
            float[] weights = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                weights[i] = Float.parseFloat(parts[i]);
            }
            DenseModel model = new DenseModel(weights, Float.parseFloat(args[3]));
            Path files = Path.of(args[1]);
            model.exportAsPythonsArchive(files, model.rows(2, 0));
            try (ModelStore store = ModelStore.fromFileSystem(Path.of(args[0]), true)) {
                System.out.println(store.upload(UploadRequest.builder(DOMAIN)
                                .file(files)
                                .library("tensorflow")
                                .type("Sequential")
                                .build())
                        .modelId());
            }
        }
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static String rss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("VmRSS"))
                        .map(l -> "VmRSS " + Long.parseLong(l.replaceAll("\\D", "")) / 1024 + " MiB")
                        .findFirst()
                        .orElse("?")
                + " (Java heap committed " + Runtime.getRuntime().totalMemory() / (1024 * 1024) + " MiB)";
    }
}

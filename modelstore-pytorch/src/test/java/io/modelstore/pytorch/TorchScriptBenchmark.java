package io.modelstore.pytorch;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.PythonFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What modelstore-pytorch costs a service (BENCHMARKS.md, "PyTorch"): the first load and prediction of a fresh JVM,
 * cold (DJL unpacks the natives into an empty engine cache) and warm (unpacked before), a second load in the same
 * JVM, and the resident memory over swaps under {@code follow}. Each figure comes from a fresh child JVM. Run with
 * {@code benchmarks/run pytorch} ({@code -Drounds=5 -Dswaps=100}); not a test.
 */
// follow(..., ZooModel.class) gives a LiveModel<ZooModel>: a class literal cannot carry DJL's generics.
@SuppressWarnings("rawtypes")
public final class TorchScriptBenchmark {

    private static final String OLD = "a3e8bf04-60b8-4a42-a747-e2fccdaf50e7";
    private static final String NEW = "ef73e132-df29-48ee-b817-559147798733";

    private TorchScriptBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("start-child")) {
            startChild(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("swaps-child")) {
            swapsChild(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int rounds = Integer.getInteger("rounds", 5);
        int swaps = Integer.getInteger("swaps", 100);
        Path work = Files.createTempDirectory("modelstore-pytorch-bench-");
        try {
            Path store = PythonFixture.copyStore(PythonFixture.RUNTIMES, work.resolve("store"));
            Path engines = work.resolve("engines");
            List<double[]> cold = new ArrayList<>();
            List<double[]> warm = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                deleteTree(engines);
                cold.add(child(engines, List.of(), "start-child", store.toString()));
                warm.add(child(engines, List.of(), "start-child", store.toString()));
            }
            long unpacked;
            try (Stream<Path> files = Files.walk(engines)) {
                unpacked = files.filter(Files::isRegularFile)
                        .mapToLong(f -> f.toFile().length())
                        .sum();
            }
            printStarts(rounds, cold, warm, unpacked);
            // The default heap (a quarter of the RAM) grows with the garbage of each swap; a bounded one shows the
            // rest.
            System.out.println("| JVM | swaps | VmRSS after the first load | after 10 warm-up swaps | after the swaps "
                    + "| Java heap committed, after warm-up → after the swaps | median swap |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (String heap : List.of("", "-Xmx128m")) {
                for (int n : heap.isEmpty() ? new int[] {swaps} : new int[] {swaps, 10 * swaps}) {
                    double[] r = child(
                            engines,
                            heap.isEmpty() ? List.of() : List.of(heap),
                            "swaps-child",
                            store.toString(),
                            String.valueOf(n));
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %d | %.1f MiB | %.1f MiB | %.1f MiB (%+.1f) | %.1f → %.1f MiB " + "| %.1f ms |%n",
                            heap.isEmpty() ? "default heap" : heap,
                            n,
                            r[0],
                            r[1],
                            r[2],
                            r[2] - r[1],
                            r[4],
                            r[5],
                            r[3]);
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    /** A fresh JVM's first and second load and prediction: ms, ms, ms, ms, then VmRSS in MiB. */
    private static void startChild(Path store) throws Exception {
        JsonNode rows = Torch.model(NEW).path("rows");
        try (ModelStore models = ModelStore.fromFileSystem(store)) {
            long t0 = System.nanoTime();
            ZooModel<NDList, NDList> first = load(models, NEW); // starts PyTorch: unpacks (cold) and loads the natives
            long t1 = System.nanoTime();
            Torch.predict(first, rows);
            long t2 = System.nanoTime();
            ZooModel<NDList, NDList> second = load(models, OLD);
            long t3 = System.nanoTime();
            Torch.predict(second, rows);
            long t4 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %.1f %.1f %.1f %.1f %.1f%n",
                    (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6,
                    rssMiB());
            first.close();
            second.close();
        }
    }

    /**
     * VmRSS in MiB after the first load, after 10 swaps, then after {@code swaps} more; the median swap in ms; the
     * Java heap committed after the 10 swaps and at the end, in MiB.
     */
    private static void swapsChild(Path store, int swaps) throws Exception {
        Storage storage = new FileSystemStorage(store, false);
        JsonNode rows = Torch.model(NEW).path("rows");
        try (ModelStore models = ModelStore.fromStorage(storage);
                LiveModel<ZooModel> live =
                        models.follow(Torch.DOMAIN, "production", ZooModel.class, Duration.ofHours(1))) {
            predict(live, rows);
            double afterLoad = rssMiB();
            String serving = NEW;
            for (int i = 0; i < 10; i++) { // warm-up: the allocator's arenas and DJL's caches settle
                serving = swap(storage, live, serving, rows);
            }
            double afterWarmUp = rssMiB();
            double heapAfterWarmUp = heapCommittedMiB();
            long[] times = new long[swaps];
            for (int i = 0; i < swaps; i++) {
                long t = System.nanoTime();
                serving = swap(storage, live, serving, rows);
                times[i] = System.nanoTime() - t;
            }
            double heapAfterSwaps = heapCommittedMiB();
            Arrays.sort(times);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %.1f %.1f %.1f %.1f %.1f %.1f%n",
                    afterLoad,
                    afterWarmUp,
                    rssMiB(),
                    times[swaps / 2] / 1e6,
                    heapAfterWarmUp,
                    heapAfterSwaps);
        }
    }

    /** Moves production to the other model as Python does, swaps it in, and predicts once with it. */
    private static String swap(Storage storage, LiveModel<ZooModel> live, String serving, JsonNode rows)
            throws Exception {
        String next = serving.equals(NEW) ? OLD : NEW;
        String versions = "operatorai-model-store/" + Torch.DOMAIN + "/versions/";
        try (InputStream metadata = storage.read(versions + next + ".json")) {
            storage.write(versions + "production/" + next + ".json", metadata.readAllBytes(), WriteCondition.always());
        }
        storage.delete(versions + "production/" + serving + ".json");
        if (!live.refresh()) {
            throw new IllegalStateException("no swap to " + next);
        }
        predict(live, rows);
        return next;
    }

    @SuppressWarnings("unchecked")
    private static void predict(LiveModel<ZooModel> live, JsonNode rows) throws Exception {
        live.apply(model -> Torch.predict((ZooModel<NDList, NDList>) model, rows));
    }

    @SuppressWarnings("unchecked")
    private static ZooModel<NDList, NDList> load(ModelStore store, String id) {
        return store.load(Torch.DOMAIN, id, ZooModel.class);
    }

    private static double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double heapCommittedMiB() {
        return java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getCommitted()
                / 1048576.0;
    }

    private static double[] child(Path engines, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-DENGINE_CACHE_DIR=" + engines,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        command.addAll(jvmOptions);
        command.add(TorchScriptBenchmark.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !output.contains("RESULT ")) {
            throw new IllegalStateException("child failed: " + output);
        }
        String result = output.substring(output.indexOf("RESULT ") + 7)
                .lines()
                .findFirst()
                .orElseThrow();
        return Arrays.stream(result.trim().split(" "))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    private static void printStarts(int rounds, List<double[]> cold, List<double[]> warm, long unpacked) {
        System.out.printf(
                Locale.ROOT, "## PyTorch: TorchScript through DJL (median of %d fresh JVMs each)%n%n", rounds);
        System.out.println("| what | cold (natives unpacked first) | warm (unpacked before) |");
        System.out.println("|---|---|---|");
        String[] rows = {
            "first `load` (starts PyTorch)",
            "first prediction",
            "second `load`, same JVM",
            "second prediction",
            "VmRSS after both"
        };
        String[] units = {"ms", "ms", "ms", "ms", "MiB"};
        for (int i = 0; i < rows.length; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f %s (%.1f–%.1f) | %.1f %s (%.1f–%.1f) |%n",
                    rows[i],
                    median(cold, i),
                    units[i],
                    min(cold, i),
                    max(cold, i),
                    median(warm, i),
                    units[i],
                    min(warm, i),
                    max(warm, i));
        }
        System.out.printf(Locale.ROOT, "%nNatives unpacked: %.1f MiB.%n%n", unpacked / 1048576.0);
    }

    private static double median(List<double[]> runs, int i) {
        double[] values = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return values[values.length / 2];
    }

    private static double min(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).min().orElse(Double.NaN);
    }

    private static double max(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(r -> r[i]).max().orElse(Double.NaN);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

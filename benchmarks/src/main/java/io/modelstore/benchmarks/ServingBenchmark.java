package io.modelstore.benchmarks;

import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.local.FileSystemStorage;
import io.modelstore.tck.TextModelLoader;
import io.modelstore.tck.TextModelLoader.TextModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What following a model costs: a call through {@link LiveModel#apply} against a direct call, a poll that finds
 * nothing new, and a swap (state moved, newest found, downloaded, loaded, swapped in), on the local file system,
 * with the TCK's text loader so that no runtime's own load time is counted.
 */
final class ServingBenchmark {

    private static final int CALLS = 5_000_000;
    private static final int SWAPS = 30;

    private ServingBenchmark() {}

    static void run(Path work) throws Exception {
        Path root = Files.createDirectories(work.resolve("serving"));
        try (ModelStore store = ModelStore.fromStorage(new FileSystemStorage(root, true))) {
            store.createModelState("production");
            upload(store, work, "m0");
            store.setModelState("churn", "m0", "production");
            try (LiveModel<TextModel> live =
                    store.follow("churn", "production", TextModel.class, Duration.ofHours(1))) {
                TextModel direct = live.apply(m -> m);
                LiveModel.Call<TextModel, Integer, RuntimeException> call =
                        m -> m.modelId().length();
                double directNs = perCall(() -> call.call(direct));
                double applyNs = perCall(() -> live.apply(call));
                double applyTwoThreadsNs = twoThreads(() -> live.apply(call));
                long[] polls = new long[200];
                for (int i = 0; i < polls.length; i++) {
                    long t = System.nanoTime();
                    live.refresh();
                    polls[i] = System.nanoTime() - t;
                }
                long[] swaps = new long[SWAPS];
                for (int i = 1; i <= SWAPS; i++) {
                    upload(store, work, "m" + i);
                    store.setModelState("churn", "m" + i, "production");
                    long t = System.nanoTime();
                    if (!live.refresh()) {
                        throw new IllegalStateException("no swap to m" + i);
                    }
                    swaps[i - 1] = System.nanoTime() - t;
                }
                System.out.println(
                        "## Serving: LiveModel on the local file system (" + CALLS + " calls, " + SWAPS + " swaps)");
                System.out.println();
                System.out.println("| what | time |");
                System.out.println("|---|---|");
                System.out.printf("| a direct call (baseline) | %.1f ns |%n", directNs);
                System.out.printf("| `apply`, one thread | %.1f ns |%n", applyNs);
                System.out.printf("| `apply`, two threads at once | %.1f ns a call |%n", applyTwoThreadsNs);
                System.out.printf(
                        "| `refresh()` that finds nothing new (one listing of the state), median | %.0f µs |%n",
                        median(polls) / 1e3);
                System.out.printf(
                        "| a swap: newest found, downloaded, loaded, swapped in (`refresh()`), median | %.1f ms |%n",
                        median(swaps) / 1e6);
                System.out.printf(
                        "| a swap, slowest of %d | %.1f ms |%n",
                        SWAPS, Arrays.stream(swaps).max().orElse(0) / 1e6);
                System.out.println();
            }
        }
    }

    private static void upload(ModelStore store, Path work, String id) throws Exception {
        Path dir = Files.createDirectories(work.resolve("src-" + id));
        Path file = Files.writeString(dir.resolve("model.txt"), "model " + id);
        store.upload(UploadRequest.builder("churn")
                .file(file)
                .modelId(id)
                .library(TextModelLoader.LIBRARY)
                .build());
    }

    private static final AtomicLong SINK = new AtomicLong();

    private static double perCall(java.util.function.IntSupplier call) {
        for (int i = 0; i < CALLS / 5; i++) {
            SINK.addAndGet(call.getAsInt()); // warm up
        }
        long t = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += call.getAsInt();
        }
        SINK.addAndGet(sum);
        return (System.nanoTime() - t) / (double) CALLS;
    }

    private static double twoThreads(java.util.function.IntSupplier call) throws InterruptedException {
        Thread[] threads = new Thread[2];
        long t = System.nanoTime();
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                long sum = 0;
                for (int c = 0; c < CALLS; c++) {
                    sum += call.getAsInt();
                }
                SINK.addAndGet(sum);
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return (System.nanoTime() - t) / (double) CALLS; // wall time per call of one thread
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

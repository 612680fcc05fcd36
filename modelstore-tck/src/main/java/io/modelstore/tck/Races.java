package io.modelstore.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Threads for the contracts: writers released at one moment to race, or work spread to go faster. */
final class Races {

    private Races() {}

    interface Action<T> {
        T run(int writer) throws Exception;
    }

    /** Runs {@code n} writers released at the same moment; returns their results in writer order. */
    static <T> List<T> race(int n, Action<T> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int writer = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return action.run(writer);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code action} on each of {@code items}, eight at a time; a failure of any fails the test. */
    static <T> void parallel(List<T> items, Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures =
                    items.stream().map(i -> pool.submit(() -> action.accept(i))).collect(Collectors.toList());
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }
}

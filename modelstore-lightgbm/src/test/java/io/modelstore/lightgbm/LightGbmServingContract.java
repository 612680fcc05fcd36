package io.modelstore.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.tck.UnreachableStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LightGBM models served as a service serves them: followed in a state while it moves between two versions (the old
 * booster freed once its last call returns, over a hundred swaps), and loaded from the cache by id when the storage
 * cannot be reached. A backend's test returns a fresh, empty storage from {@link #createStorage()}.
 */
abstract class LightGbmServingContract {

    private static final String DOMAIN = "churn-lgbm";
    private static final String STATE = "production";
    /** refresh() swaps; the poll is kept out of the way. */
    private static final Duration POLL = Duration.ofHours(1);

    protected abstract Storage createStorage() throws Exception;

    @TempDir
    Path tmp;

    private UnreachableStorage storage;
    private ModelStore store;
    private LightGbmTraining.Trained first;
    private LightGbmTraining.Trained second;
    private String firstId;
    private String secondId;

    @BeforeEach
    void twoVersions() throws Exception {
        String problem = LightGbmLoadTest.runtimeProblem();
        assumeTrue(problem == null, "LightGBM's native library cannot load on this machine: " + problem);
        storage = new UnreachableStorage(createStorage());
        store = ModelStore.builder(storage)
                .cache(tmp.resolve("cache"), 64L << 20)
                .build();
        // 200 rounds: boosters big enough that a hundred left unfreed would show in the resident memory.
        first = LightGbmTraining.train(7, 200, Files.createDirectories(tmp.resolve("first")));
        second = LightGbmTraining.train(8, 200, Files.createDirectories(tmp.resolve("second")));
        firstId = store.upload(LightGbmLoadTest.asPythonsManager(DOMAIN, first)).modelId();
        secondId =
                store.upload(LightGbmLoadTest.asPythonsManager(DOMAIN, second)).modelId();
        store.createModelState(STATE);
        store.setModelState(DOMAIN, firstId, STATE);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (storage != null) {
            storage.delegate().close();
        }
    }

    /** Moves the state from one version to the other, as Python's set_model_state and remove_model_state do. */
    private void move(String from, String to) {
        store.setModelState(DOMAIN, to, STATE);
        store.removeModelState(DOMAIN, from, STATE);
    }

    @Test
    void aSwapKeepsTheOldBoosterForTheCallUsingItAndFreesItWhenTheCallReturns() throws Exception {
        try (LiveModel<LightGbmModel> live = store.follow(DOMAIN, STATE, LightGbmModel.class, POLL)) {
            assertThat(live.signature()).contains(io.modelstore.ModelSignature.features(LightGbmTraining.FEATURES));
            CountDownLatch inCall = new CountDownLatch(1);
            CountDownLatch swapped = new CountDownLatch(1);
            CompletableFuture<LightGbmModel> during = CompletableFuture.supplyAsync(() -> live.apply(model -> {
                inCall.countDown();
                await(swapped);
                LightGbmLoadTest.assertPredicts(model, first.predictions()); // swapped out, still usable here
                return model;
            }));
            assertThat(inCall.await(30, TimeUnit.SECONDS)).isTrue();

            move(firstId, secondId);
            assertThat(live.refresh()).isTrue();
            assertThat(live.current().modelId()).isEqualTo(secondId);
            live.apply(model -> {
                LightGbmLoadTest.assertPredicts(model, second.predictions());
                return null;
            });
            swapped.countDown();
            LightGbmModel old = during.get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> old.predict(LightGbmTraining.probeRows()))
                    .as("freed once its last call returned")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
        }
    }

    /** Each retired booster is freed; the resident memory is printed for BENCHMARKS.md, not asserted. */
    @Test
    void aHundredSwapsFreeEveryRetiredBooster() throws Exception {
        List<LightGbmModel> served = new ArrayList<>();
        try (LiveModel<LightGbmModel> live = store.follow(DOMAIN, STATE, LightGbmModel.class, POLL)) {
            served.add(live.apply(model -> model));
            long before = 0;
            for (int swap = 1; swap <= 110; swap++) {
                if (swap == 11) {
                    before = residentKiB(); // after ten swaps: the allocator's arenas and the JIT are warm
                }
                boolean toSecond = swap % 2 == 1;
                move(toSecond ? firstId : secondId, toSecond ? secondId : firstId);
                assertThat(live.refresh()).as("swap %d", swap).isTrue();
                served.add(live.apply(model -> {
                    LightGbmLoadTest.assertPredicts(model, (toSecond ? second : first).predictions());
                    return model;
                }));
            }
            long after = residentKiB();
            System.out.printf(
                    "LightGBM follow (%s): VmRSS %d MiB after 10 swaps, %d MiB after 100 more (%+d KiB)%n",
                    storage.delegate().describe(), before / 1024, after / 1024, after - before);
            assertThat(served.subList(0, served.size() - 1))
                    .allSatisfy(retired -> assertThat(retired.toString())
                            .as("a retired booster")
                            .endsWith(", closed]"));
            assertThat(served.get(served.size() - 1).toString()).doesNotEndWith(", closed]");
        }
        assertThat(served.get(served.size() - 1).toString())
                .as("closed with the LiveModel")
                .endsWith(", closed]");
    }

    @Test
    void aCachedModelLoadsByIdWhenTheStorageCannotBeReached() throws Exception {
        store.load(DOMAIN, secondId, LightGbmModel.class).close(); // fills the cache
        storage.down = true;

        try (LightGbmModel model = store.load(DOMAIN, secondId, LightGbmModel.class)) {
            LightGbmLoadTest.assertPredicts(model, second.predictions());
        }
        assertThatThrownBy(() -> store.load(DOMAIN, firstId, LightGbmModel.class))
                .as("never cached")
                .isInstanceOf(StorageException.class);
    }

    private static long residentKiB() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .orElse(-1L);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

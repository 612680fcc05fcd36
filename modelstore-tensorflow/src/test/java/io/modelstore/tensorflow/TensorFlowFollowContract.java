package io.modelstore.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelstore.LiveModel;
import io.modelstore.ModelRefusedException;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.Storage;
import io.modelstore.tck.UnreachableStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * TensorFlow models served through {@code follow()} and from the cache, on Keras 2 archives laid out as Python's
 * tensorflow manager writes them: v1 and v3 take 4 features, v2 takes 5. Following {@code production} while it moves
 * from v1 to v2 keeps v1 serving; v3 is swapped in when the state moves on, and v1's bundle is closed once the last
 * call on it returns. A backend's test returns a fresh, empty storage from {@link #createStorage()}.
 */
abstract class TensorFlowFollowContract {

    private static final String DOMAIN = "churn-tf";
    private static final String STATE = "production";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Map<String, DenseModel> VERSIONS = Map.of(
            "v1", new DenseModel(new float[] {0.5f, -1f, 0.25f, 2f}, 0.1f),
            "v2", new DenseModel(new float[] {0.5f, -1f, 0.25f, 2f, 1f}, 0.1f),
            "v3", new DenseModel(new float[] {-0.5f, 1f, 0.75f, -2f}, -0.2f));

    protected abstract Storage createStorage() throws Exception;

    @TempDir
    Path tmp;

    private Storage storage;
    private ModelStore store;
    private final Map<String, String> ids = new HashMap<>(); // v1, v2, v3 -> model id
    private final Map<String, float[]> expected = new HashMap<>(); // the scores TensorFlow Java computed
    private final float[][] rows = VERSIONS.get("v1").rows(5, 2);

    @BeforeEach
    void keras2Models() throws Exception {
        TensorFlowRuntime.assumeAvailable();
        storage = createStorage();
        store = ModelStore.fromStorage(storage);
        for (String version : List.of("v1", "v2", "v3")) {
            DenseModel model = VERSIONS.get(version);
            Path files = tmp.resolve(version);
            expected.put(version, model.exportAsPythonsArchive(files, model.rows(5, 2)));
            ids.put(
                    version,
                    store.upload(UploadRequest.builder(DOMAIN)
                                    .file(files)
                                    .library("tensorflow")
                                    .type("Sequential")
                                    .build())
                            .modelId());
        }
        store.createModelState(STATE);
        store.setModelState(DOMAIN, ids.get("v1"), STATE);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aVersionWithOtherInputsIsRefusedTheNextIsSwappedInAndTheOldOneClosedAfterItsLastCall() throws Exception {
        try (LiveModel<SavedModelBundle> live = store.follow(DOMAIN, STATE, SavedModelBundle.class, POLL)) {
            assertThat(live.signature())
                    .contains(new ModelSignature(
                            List.of(new ModelSignature.Tensor("features", "float32", List.of(-1L, 4L))),
                            List.of(new ModelSignature.Tensor("score", "float32", List.of(-1L, 1L)))));
            assertPredicts(live, "v1");

            move("v1", "v2");
            await(() -> live.refusal().isPresent());
            ModelRefusedException refused = live.refusal().orElseThrow();
            assertThat(refused.refused().modelId()).isEqualTo(ids.get("v2"));
            assertThat(refused.getMessage())
                    .contains("(features: float32[-1, 5])")
                    .contains("(features: float32[-1, 4])");
            assertPredicts(live, "v1");

            // A call on v1 is in flight while v3 is swapped in: v1 serves it to the end, and is closed after it.
            AtomicReference<SavedModelBundle> v1 = new AtomicReference<>();
            CountDownLatch inCall = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<float[]> slowCall = CompletableFuture.supplyAsync(() -> live.apply(bundle -> {
                v1.set(bundle);
                inCall.countDown();
                awaitQuietly(finish);
                return DenseModel.predict(bundle, rows);
            }));
            assertThat(inCall.await(30, TimeUnit.SECONDS)).isTrue();

            move("v2", "v3");
            await(() -> live.current().modelId().equals(ids.get("v3")));
            assertPredicts(live, "v3");
            assertThat(live.refusal()).isEmpty();
            finish.countDown();
            assertThat(slowCall.get(30, TimeUnit.SECONDS)).containsExactly(expected.get("v1"), within(1e-6f));
            await(() -> isClosed(v1.get()));
        }
    }

    @Test
    void aCachedModelLoadsByIdWhenTheStorageCannotBeReached() throws Exception {
        UnreachableStorage unreachable = new UnreachableStorage(storage);
        try (ModelStore cached = ModelStore.builder(unreachable)
                .cache(tmp.resolve("cache"), 1L << 30)
                .build()) {
            try (SavedModelBundle bundle = cached.load(DOMAIN, ids.get("v1"), SavedModelBundle.class)) {
                assertThat(DenseModel.predict(bundle, rows)).containsExactly(expected.get("v1"), within(1e-6f));
            }
            unreachable.down = true;

            try (SavedModelBundle bundle = cached.load(DOMAIN, ids.get("v1"), SavedModelBundle.class)) {
                assertThat(DenseModel.predict(bundle, rows)).containsExactly(expected.get("v1"), within(1e-6f));
            }
            assertThatThrownBy(() -> cached.load(DOMAIN, ids.get("v3"), SavedModelBundle.class))
                    .as("a model never cached")
                    .hasMessageContaining("cannot reach the storage");
        }
    }

    private void assertPredicts(LiveModel<SavedModelBundle> live, String version) {
        float[] scores = live.apply(bundle -> DenseModel.predict(bundle, rows));
        assertThat(scores).as(version).containsExactly(expected.get(version), within(1e-6f));
    }

    /** Moves the state from one model to another, as Python's set_model_state and remove_model_state do. */
    private void move(String from, String to) {
        store.setModelState(DOMAIN, ids.get(to), STATE);
        store.removeModelState(DOMAIN, ids.get(from), STATE);
    }

    /** A closed bundle's graph refuses every call. */
    private boolean isClosed(SavedModelBundle bundle) {
        try {
            DenseModel.predict(bundle, rows);
            return false;
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("close() has been called");
            return true;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

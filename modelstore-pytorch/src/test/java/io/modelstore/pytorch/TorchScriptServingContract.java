package io.modelstore.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.modelstore.LiveModel;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.UnreachableStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's TorchScript models served: followed while Python moves {@code production} between them (each swap frees
 * the old model once its last call returns), and loaded from the cache by id while the storage cannot be reached. A
 * backend's test returns a fresh, empty storage from {@link #createStorage()}; Python's store is copied into it.
 */
// follow(..., ZooModel.class) gives a LiveModel<ZooModel>: a class literal cannot carry DJL's generics.
@SuppressWarnings("rawtypes")
abstract class TorchScriptServingContract {

    private static final String OLD = "a3e8bf04-60b8-4a42-a747-e2fccdaf50e7";
    private static final String NEW = "ef73e132-df29-48ee-b817-559147798733"; // in production
    private static final Duration NO_POLL = Duration.ofHours(1); // the test swaps with refresh(), not the poller

    protected abstract Storage createStorage() throws Exception;

    @TempDir
    Path tmp;

    private UnreachableStorage storage;
    private final List<ModelStore> stores = new ArrayList<>();

    @BeforeEach
    void pythonsStore() throws Exception {
        Torch.assumeRuntime();
        storage = new UnreachableStorage(createStorage());
        PythonFixture.copyInto(storage, "", PythonFixture.RUNTIMES);
    }

    @AfterEach
    void close() {
        stores.forEach(ModelStore::close);
    }

    private ModelStore store() {
        ModelStore store = ModelStore.fromStorage(storage);
        stores.add(store);
        return store;
    }

    @Test
    void aSwapFreesTheOldModelAfterItsLastCall() throws Exception {
        try (LiveModel<ZooModel> live = store().follow(Torch.DOMAIN, "production", ZooModel.class, NO_POLL)) {
            assertThat(live.current().modelId()).isEqualTo(NEW);
            assertThat(live.signature().map(ModelSignature::toString))
                    .contains("(input: unknown[]) -> (output: unknown[])");
            assertPredicts(live, NEW);

            // A call on NEW is in flight while production moves to OLD.
            CountDownLatch inCall = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            AtomicReference<ZooModel<NDList, NDList>> held = new AtomicReference<>();
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
                try {
                    live.apply(model -> {
                        held.set(zoo(model));
                        inCall.countDown();
                        finish.await();
                        Torch.assertPredictsTorchsOutputs(zoo(model), NEW); // still whole after the swap
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(inCall.await(30, TimeUnit.SECONDS)).isTrue();

            moveProduction(NEW, OLD);
            assertThat(live.refresh()).isTrue();
            assertThat(live.current().modelId()).isEqualTo(OLD);
            assertPredicts(live, OLD);
            assertThat(open(held.get()))
                    .as("the old model serves the call in flight")
                    .isTrue();

            finish.countDown();
            call.get(30, TimeUnit.SECONDS);
            assertThat(open(held.get())).as("freed when its last call returned").isFalse();
        }
    }

    @Test
    void aHundredSwapsFreeEveryRetiredModel() throws Exception {
        List<ZooModel<NDList, NDList>> retired = new ArrayList<>();
        try (LiveModel<ZooModel> live = store().follow(Torch.DOMAIN, "production", ZooModel.class, NO_POLL)) {
            String serving = NEW;
            for (int swap = 0; swap < 100; swap++) {
                ZooModel<NDList, NDList> before = live.apply(TorchScriptServingContract::zoo);
                String next = serving.equals(NEW) ? OLD : NEW;
                moveProduction(serving, next);
                assertThat(live.refresh()).as("swap %d", swap).isTrue();
                assertThat(open(before))
                        .as("swap %d: no call was in flight, so the old model is freed", swap)
                        .isFalse();
                retired.add(before);
                serving = next;
            }
            assertThat(live.current().modelId()).isEqualTo(serving);
            assertPredicts(live, serving);
            assertThat(retired).hasSize(100).noneMatch(TorchScriptServingContract::open);
            assertThat(open(live.apply(TorchScriptServingContract::zoo))).isTrue();
        }
    }

    @Test
    void aCachedModelLoadsByIdWhenTheStorageCannotBeReached() throws Exception {
        ModelStore cached = ModelStore.builder(storage)
                .cache(tmp.resolve("cache"), 1L << 30)
                .build();
        stores.add(cached);
        try (ZooModel<NDList, NDList> model = load(cached, OLD)) { // fills the cache
            Torch.assertPredictsTorchsOutputs(model, OLD);
        }

        storage.down = true;
        try (ZooModel<NDList, NDList> model = load(cached, OLD)) {
            Torch.assertPredictsTorchsOutputs(model, OLD);
        }
        assertThatThrownBy(() -> load(cached, NEW))
                .as("not cached")
                .isInstanceOfSatisfying(
                        StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNREACHABLE));
        assertThatThrownBy(() -> cached.load(Torch.DOMAIN, null))
                .as("only the storage knows which is the latest")
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Download a cached model by its id instead: " + OLD);
    }

    @SuppressWarnings("unchecked")
    private static ZooModel<NDList, NDList> load(ModelStore store, String modelId) {
        return store.load(Torch.DOMAIN, modelId, ZooModel.class);
    }

    @SuppressWarnings("unchecked")
    private static ZooModel<NDList, NDList> zoo(ZooModel<?, ?> model) {
        return (ZooModel<NDList, NDList>) model;
    }

    /** Whether {@code model} is not yet freed: closing a ZooModel closes its NDManager, with libtorch's module. */
    private static boolean open(ZooModel<?, ?> model) {
        return model.getNDManager().isOpen();
    }

    private static void assertPredicts(LiveModel<ZooModel> live, String modelId) throws Exception {
        live.applyWithMetadata((meta, model) -> {
            assertThat(meta.modelId()).isEqualTo(modelId);
            Torch.assertPredictsTorchsOutputs(zoo(model), modelId);
            return null;
        });
    }

    /** Moves the state as Python does: a copy of the metadata into the state, then the old copy deleted. */
    private void moveProduction(String from, String to) throws IOException {
        String versions = "operatorai-model-store/" + Torch.DOMAIN + "/versions/";
        try (InputStream metadata = storage.read(versions + to + ".json")) {
            storage.write(versions + "production/" + to + ".json", metadata.readAllBytes(), WriteCondition.always());
        }
        storage.delete(versions + "production/" + from + ".json");
    }
}

package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.DomainNotFoundException;
import io.modelstore.LiveModel;
import io.modelstore.ModelNotFoundException;
import io.modelstore.ModelStore;
import io.modelstore.StateNotFoundException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.TextModelLoader.TextModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a service that serves models needs of the store: the newest model in a state, and a model that follows it,
 * swapped in when Java or Python moves the state, never closed under a running call, kept when storage fails.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class ServingContract extends StoreContract {

    private static final Instant START = Instant.parse("2026-05-06T07:08:09Z");

    /** For the subclasses. */
    protected ServingContract() {}

    @Test
    void theNewestModelInAStateIsTheLastUploadedOfThoseInIt() throws IOException {
        upload("a", 0);
        upload("b", 10);
        upload("c", 20);
        store.createModelState("production");
        store.setModelState("churn", "b", "production"); // set in another order than uploaded
        store.setModelState("churn", "a", "production");

        assertThat(store.getDomain("churn", "production").modelId()).isEqualTo("b");
        assertThat(store.getDomain("churn", null).modelId()).isEqualTo("c");
        store.removeModelState("churn", "b", "production");
        assertThat(store.getDomain("churn", "production").modelId()).isEqualTo("a");
        store.deleteModel("churn", "a");
        assertThatThrownBy(() -> store.getDomain("churn", "production"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("Domain 'churn' has no model in state 'production'. Put one in it with "
                        + "setModelState(\"churn\", modelId, \"production\").");
        assertThatThrownBy(() -> store.getDomain("churn", "staging")).isInstanceOf(StateNotFoundException.class);
        assertThatThrownBy(() -> store.getDomain("nothing", "production")).isInstanceOf(DomainNotFoundException.class);
    }

    @Test
    void aFollowedStateSwapsWhenJavaOrPythonMovesIt() throws Exception {
        upload("a", 0);
        upload("b", 10);
        upload("c", 20);
        store.createModelState("production");
        store.setModelState("churn", "a", "production");
        List<String> changes = new CopyOnWriteArrayList<>();
        try (LiveModel<TextModel> live = store.follow("churn", "production", TextModel.class, Duration.ofMillis(20))) {
            live.onChange((previous, current) -> changes.add(previous.modelId() + "->" + current.modelId()));
            assertThat(live.current().modelId()).isEqualTo("a");
            TextModel first = live.apply(m -> m);
            assertThat(live.apply(TextModel::text)).isEqualTo("model a");

            store.setModelState("churn", "b", "production"); // by Java
            await(() -> live.current().modelId().equals("b"));
            assertThat(live.apply(TextModel::text)).isEqualTo("model b");
            await(first::closed); // freed just after the swap, as no call uses it

            // As Python's set_model_state and remove_model_state write them: a copy of the metadata, a removal.
            String base = "operatorai-model-store/churn/versions/";
            try (InputStream in = storage.read(base + "c.json")) {
                storage.write(base + "production/c.json", in.readAllBytes(), WriteCondition.always());
            }
            await(() -> live.current().modelId().equals("c"));
            storage.delete(base + "production/b.json"); // c is still the newest: no swap
            storage.delete(base + "production/c.json");
            await(() -> live.current().modelId().equals("a"));
            await(() -> changes.size() == 3); // listeners are told just after the swap
            assertThat(changes).containsExactly("a->b", "b->c", "c->a");
        }
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheOthersNorTheFollowing() throws Exception {
        upload("a", 0);
        List<String> told = new CopyOnWriteArrayList<>();
        try (LiveModel<TextModel> live = store.follow("churn", null, TextModel.class, Duration.ofMillis(20))) {
            live.onChange((previous, current) -> {
                throw new IllegalStateException("a listener's bug");
            });
            live.onChange((previous, current) -> told.add(current.modelId()));
            upload("b", 10);
            await(() -> told.contains("b"));
            upload("c", 20);
            await(() -> told.contains("c"));
            assertThat(live.current().modelId()).isEqualTo("c");
        }
    }

    @Test
    void aSwapNeverClosesAModelThatACallIsUsing() throws Exception {
        upload("a", 0);
        upload("b", 10);
        try (LiveModel<TextModel> live = store.follow("churn", null, TextModel.class, Duration.ofHours(1))) {
            store.createModelState("production");
            assertThat(live.current().modelId()).isEqualTo("b");
            CountDownLatch inCall = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<TextModel> used = new AtomicReference<>();
            AtomicReference<String> usedId = new AtomicReference<>();
            Thread caller = new Thread(() -> live.applyWithMetadata((meta, m) -> {
                used.set(m);
                usedId.set(meta.modelId());
                inCall.countDown();
                await(release);
                return m.text(); // would fail if the swap had closed it
            }));
            caller.start();
            assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();

            upload("c", 20);
            assertThat(live.refresh()).isTrue();
            assertThat(live.current().modelId()).isEqualTo("c");
            assertThat(used.get().closed()).as("still in use").isFalse();
            assertThat(usedId.get())
                    .as("the metadata of the model the call runs on")
                    .isEqualTo("b")
                    .isEqualTo(used.get().modelId());
            release.countDown();
            caller.join(10_000);
            assertThat(used.get().closed()).as("closed after its last call").isTrue();
            assertThat(live.refresh()).as("nothing newer").isFalse();
        }
    }

    @Test
    void whenStorageIsUnreachableOrANewModelFailsToLoadTheCurrentOneGoesOnServing() throws Exception {
        upload("a", 0);
        AtomicBoolean down = new AtomicBoolean();
        Storage flaky = new ForwardingStorage(storage) {
            @Override
            public Optional<BlobInfo> stat(String key) {
                if (down.get()) {
                    throw new StorageException(StorageException.Reason.UNREACHABLE, "Injected: unreachable");
                }
                return super.stat(key);
            }
        };
        try (ModelStore followed = ModelStore.fromStorage(flaky);
                LiveModel<TextModel> live = followed.follow("churn", null, TextModel.class, Duration.ofMillis(20))) {
            List<Exception> failures = LiveModelFailures.of(live);
            down.set(true);
            await(() -> !failures.isEmpty());
            assertThat(failures.get(0)).hasMessage("Injected: unreachable");
            assertThat(live.apply(TextModel::text)).isEqualTo("model a");

            down.set(false);
            uploadBroken("broken", 30);
            assertThatThrownBy(live::refresh).hasMessageContaining("cannot load model 'broken'");
            assertThat(live.current().modelId()).isEqualTo("a");
            assertThat(live.apply(TextModel::text)).isEqualTo("model a");
        }
    }

    @Test
    void aNewestModelThatFailsToLoadIsFetchedOnceNotOnEveryPoll() throws Exception {
        upload("a", 0);
        CountingStorage counting = new CountingStorage(storage);
        try (ModelStore followed = ModelStore.fromStorage(counting);
                LiveModel<TextModel> live = followed.follow("churn", null, TextModel.class, Duration.ofMillis(10))) {
            List<Exception> failures = LiveModelFailures.of(live);
            String logged = Warnings.loggedDuring(() -> {
                try {
                    uploadBroken("broken", 30);
                    await(() -> !failures.isEmpty());
                    Thread.sleep(1_000); // a hundred polls
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(counting.readsOf(k -> k.endsWith("/broken/artifacts.tar.gz")))
                    .as("downloads of the broken model")
                    .isEqualTo(1);
            assertThat(failures).hasSize(1);
            assertThat(Warnings.count(logged, "cannot load model 'broken'"))
                    .as("WARNs in:\n%s", logged)
                    .isEqualTo(1);
            assertThat(logged).contains("Model 'broken' is not tried again until the state names another model.");
            assertThat(live.apply(TextModel::text)).isEqualTo("model a");

            assertThatThrownBy(live::refresh)
                    .as("an explicit refresh tries it again")
                    .hasMessageContaining("cannot load model 'broken'");
            upload("c", 60);
            await(() -> live.current().modelId().equals("c"));
            assertThat(live.apply(TextModel::text)).isEqualTo("model c");
        }
    }

    @Test
    void aVersionWithOtherInputsIsRefusedWithOneWarningAndTheNextCompatibleOneSwapsIn() throws Exception {
        uploadText("a", 0, "features=4 model a");
        try (LiveModel<TextModel> live = store.follow("churn", null, TextModel.class, Duration.ofMillis(10))) {
            List<Exception> failures = LiveModelFailures.of(live);
            assertThat(live.signature()).contains(io.modelstore.ModelSignature.features(4));
            String logged = Warnings.loggedDuring(() -> {
                try {
                    uploadText("b", 30, "features=5 model b");
                    await(() -> live.refusal().isPresent());
                    Thread.sleep(300); // thirty polls
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(live.refusal().orElseThrow().refused().modelId()).isEqualTo("b");
            assertThat(failures).hasSize(1).allMatch(f -> f instanceof io.modelstore.ModelRefusedException);
            assertThat(Warnings.count(logged, "was not swapped in"))
                    .as("WARNs in:\n%s", logged)
                    .isEqualTo(1);
            assertThat(live.apply(TextModel::text)).isEqualTo("features=4 model a");

            uploadText("c", 60, "features=4 model c");
            await(() -> live.current().modelId().equals("c"));
            assertThat(live.refusal()).isEmpty();
        }
    }

    @Test
    void aClosedLiveModelClosesItsModelAndRefusesCalls() throws Exception {
        upload("a", 0);
        LiveModel<TextModel> live = store.follow("churn", null, TextModel.class, Duration.ofHours(1));
        TextModel model = live.apply(m -> m);
        live.close();
        assertThat(model.closed()).isTrue();
        assertThatThrownBy(() -> live.apply(TextModel::text))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.follow("nothing", null, TextModel.class, Duration.ofSeconds(1)))
                .isInstanceOf(DomainNotFoundException.class);
    }

    // ------------------------------------------------------------------ helpers

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aModelLoadedWithoutACacheLeavesNoTemporaryFilesBehind() throws IOException {
        upload("a", 0);
        java.util.Set<String> before = temporaryModelFiles();

        assertThat(store.load("churn", "a", TextModel.class).text()).isEqualTo("model a");
        assertThat(temporaryModelFiles()).as("after a load").isSubsetOf(before); // other processes may remove theirs

        String archive;
        try (java.util.stream.Stream<io.modelstore.spi.BlobInfo> keys = storage.list("")) {
            archive = keys.map(io.modelstore.spi.BlobInfo::key)
                    .filter(k -> k.endsWith("/a/artifacts.tar.gz"))
                    .findFirst()
                    .orElseThrow();
        }
        storage.write(
                archive, "not an archive".getBytes(java.nio.charset.StandardCharsets.UTF_8), WriteCondition.always());
        assertThatThrownBy(() -> store.load("churn", "a")).isInstanceOf(io.modelstore.spi.ModelStoreException.class);
        assertThat(temporaryModelFiles()).as("after a load that failed").isSubsetOf(before);
    }

    private static java.util.Set<String> temporaryModelFiles() throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("modelstore-files-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Uploads a model of the text library that its loader refuses (no .txt file), {@code seconds} after the start. */
    private void uploadBroken(String id, int seconds) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + id + "-" + System.nanoTime()));
        Files.writeString(dir.resolve("weights.bin"), "not text");
        ModelStore.builder(storage)
                .clock(Clock.fixed(START.plusSeconds(seconds), ZoneOffset.UTC))
                .build()
                .upload(UploadRequest.builder("churn")
                        .file(dir.resolve("weights.bin"))
                        .modelId(id)
                        .library(TextModelLoader.LIBRARY)
                        .build());
    }

    /** Uploads a model {@code seconds} after the start, so that upload order is known. */
    protected void upload(String id, int seconds) throws IOException {
        uploadText(id, seconds, "model " + id);
    }

    private void uploadText(String id, int seconds, String text) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + id + "-" + System.nanoTime()));
        Path file = Files.writeString(dir.resolve("model.txt"), text);
        ModelStore.builder(storage)
                .clock(Clock.fixed(START.plusSeconds(seconds), ZoneOffset.UTC))
                .build()
                .upload(UploadRequest.builder("churn")
                        .file(file)
                        .modelId(id)
                        .library(TextModelLoader.LIBRARY)
                        .build());
    }
}

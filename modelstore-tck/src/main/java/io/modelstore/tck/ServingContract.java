package io.modelstore.tck;

import io.modelstore.DomainNotFoundException;
import io.modelstore.ModelNotFoundException;
import io.modelstore.ModelStore;
import io.modelstore.StateNotFoundException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a service that serves models needs of the store: the newest model in a state.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class ServingContract {

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    private static final Instant START = Instant.parse("2026-05-06T07:08:09Z");

    @TempDir
    protected Path tmp;

    protected Storage storage;
    protected ModelStore store;

    @BeforeEach
    void open() throws Exception {
        storage = createStorage();
        store = ModelStore.fromStorage(storage);
    }

    @AfterEach
    void close() {
        store.close();
    }

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

    // ------------------------------------------------------------------ helpers

    /** Uploads a model {@code seconds} after the start, so that upload order is known. */
    protected void upload(String id, int seconds) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + id + "-" + System.nanoTime()));
        Path file = Files.writeString(dir.resolve("model.txt"), "model " + id);
        ModelStore.builder(storage).clock(Clock.fixed(START.plusSeconds(seconds), ZoneOffset.UTC)).build()
                .upload(UploadRequest.builder("churn").file(file).modelId(id).build());
    }
}

package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The domain's latest pointer under concurrent writers, on a real backend: it never moves back in time, a delete
 * racing an upload leaves the pointer Python reads, and writers that always win it make an upload or a delete give
 * up after a bounded number of attempts. The interleavings are forced (one writer runs while another is paused at
 * its write of the pointer), so each test fails every time the guarantee is broken. (That the pointer ends on the
 * newest under many racing threads is {@link ConcurrencyContract}'s.)
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class LatestPointerContract extends ConcurrencyFixture {

    /** For the subclasses. */
    protected LatestPointerContract() {}

    /**
     * Writer A (older) has read the pointer and is about to move it; writer B (newer) moves it first. A's
     * conditional write must fail, and A, reading again, must leave the pointer on B.
     */
    @ParameterizedTest(name = "the pointer {0} before A reads it")
    @ValueSource(strings = {"is absent", "names an older model"})
    void aPointerThatANewerUploadMovedMeanwhileIsNotMovedBack(String before) throws IOException {
        if (before.equals("names an older model")) {
            at(T.minusSeconds(60), storage)
                    .upload(UploadRequest.builder("d")
                            .file(file("old/m.bin", "old"))
                            .modelId("old")
                            .build());
        }
        ModelStore b = at(T.plusSeconds(1), storage);
        Path bModel = file("b/m.bin", "newer");
        ModelStore a = at(
                T,
                new Interleaving(
                        storage,
                        k -> k.endsWith("/domains/d.json"),
                        () -> b.upload(UploadRequest.builder("d")
                                .file(bModel)
                                .modelId("newer")
                                .build())));

        a.upload(UploadRequest.builder("d")
                .file(file("a/m.bin", "older"))
                .modelId("older")
                .build());

        assertThat(store.getDomain("d").modelId()).isEqualTo("newer");
        assertThat(store.listModels("d")).startsWith("newer", "older");
        assertThat(download("d", null, "m.bin")).isEqualTo("newer");
    }

    /** The reverse order: a newer upload that finds an older model's pointer moves it on, trying again. */
    @ParameterizedTest(name = "the pointer {0} before the newer upload reads it")
    @ValueSource(strings = {"is absent", "names an older model"})
    void aNewerUploadMovesAPointerThatAnOlderOneSetMeanwhile(String before) throws IOException {
        if (before.equals("names an older model")) {
            at(T.minusSeconds(60), storage)
                    .upload(UploadRequest.builder("d")
                            .file(file("old/m.bin", "old"))
                            .modelId("old")
                            .build());
        }
        ModelStore older = at(T, storage);
        Path olderModel = file("a/m.bin", "older");
        ModelStore newer = at(
                T.plusSeconds(1),
                new Interleaving(
                        storage,
                        k -> k.endsWith("/domains/d.json"),
                        () -> older.upload(UploadRequest.builder("d")
                                .file(olderModel)
                                .modelId("older")
                                .build())));

        newer.upload(UploadRequest.builder("d")
                .file(file("b/m.bin", "newer"))
                .modelId("newer")
                .build());

        assertThat(store.getDomain("d").modelId()).isEqualTo("newer");
    }

    /**
     * The domain's last model is deleted while another writer uploads one: the delete removes the pointer just after
     * the upload moved it. The delete must see the new model and point the domain at it, as Python reads the pointer.
     */
    @Test
    void aModelUploadedWhileTheLastOneIsDeletedKeepsTheDomainsPointer() throws IOException {
        at(T, storage)
                .upload(UploadRequest.builder("d")
                        .file(file("a/m.bin", "a"))
                        .modelId("last")
                        .build());
        ModelStore uploader = at(T.plusSeconds(1), storage);
        Path model = file("b/m.bin", "b");
        ModelStore deleter = ModelStore.fromStorage(
                new Interleaving(
                        storage,
                        k -> k.endsWith("/domains/d.json"),
                        () -> uploader.upload(UploadRequest.builder("d")
                                .file(model)
                                .modelId("arrived")
                                .build())),
                rootPrefix());

        deleter.deleteModel("d", "last");

        assertThat(storage.stat(pointerKey("d"))).as("the pointer Python reads").isPresent();
        assertThat(store.getDomain("d").modelId()).isEqualTo("arrived");
        assertThat(store.listModels("d")).containsExactly("arrived");
    }

    /**
     * Another writer changes the pointer just before each of our conditional writes, without end. The upload keeps
     * its model (its commit point is the metadata) and gives up on the pointer after a bounded number of attempts;
     * so does a delete, with a clear error, its model gone all the same.
     */
    @Test
    void writersThatAlwaysWinThePointerMakeUploadsAndDeletesGiveUpAfterFiftyAttempts() throws IOException {
        at(T, storage)
                .upload(UploadRequest.builder("d")
                        .file(file("a/m.bin", "a"))
                        .modelId("older")
                        .build());
        AlwaysAhead ahead = new AlwaysAhead(storage, pointerKey("d"));

        at(T.plusSeconds(1), ahead)
                .upload(UploadRequest.builder("d")
                        .file(file("b/m.bin", "b"))
                        .modelId("newer")
                        .build());
        assertThat(ahead.attempts()).as("conditional writes of the pointer").isEqualTo(50);
        assertThat(store.listModels("d")).containsExactly("newer", "older");
        assertThat(store.getDomain("d").modelId())
                .as("behind, until the next upload or a repair")
                .isEqualTo("older");

        at(T.plusSeconds(2), storage)
                .upload(UploadRequest.builder("d")
                        .file(file("c/m.bin", "c"))
                        .modelId("newest")
                        .build());
        ahead.reset();
        assertThatThrownBy(() -> at(T.plusSeconds(3), ahead).deleteModel("d", "newest"))
                .isInstanceOf(io.modelstore.spi.StorageException.class)
                .hasMessageContaining("after 50 attempts: too many concurrent writers");
        assertThat(ahead.attempts()).isEqualTo(50);
        assertThat(store.listModels("d")).containsExactly("newer", "older");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A storage where another writer rewrites the pointer (the same metadata, one space longer, so its version
     * changes) just before each conditional write of it: every compare-and-swap loses.
     */
    private static final class AlwaysAhead extends ForwardingStorage {
        private final String pointer;
        private final java.util.concurrent.atomic.AtomicInteger attempts =
                new java.util.concurrent.atomic.AtomicInteger();

        AlwaysAhead(Storage delegate, String pointer) {
            super(delegate);
            this.pointer = pointer;
        }

        int attempts() {
            return attempts.get();
        }

        void reset() {
            attempts.set(0);
        }

        @Override
        public boolean write(String key, byte[] content, WriteCondition condition) {
            if (key.equals(pointer) && !condition.isAlways()) {
                attempts.incrementAndGet();
                byte[] current;
                try (java.io.InputStream in = super.read(key)) {
                    current = in.readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                byte[] longer = java.util.Arrays.copyOf(current, current.length + 1);
                longer[current.length] = ' ';
                super.write(key, longer, WriteCondition.always());
            }
            return super.write(key, content, condition);
        }

        @Override
        public void close() {
            // the test's own storage is closed with the test's store
        }
    }

    private String pointerKey(String domain) {
        return (rootPrefix().isEmpty() ? "" : rootPrefix() + "/") + "operatorai-model-store/domains/" + domain
                + ".json";
    }
}

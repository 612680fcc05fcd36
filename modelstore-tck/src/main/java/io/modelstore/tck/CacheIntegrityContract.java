package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cache hands out the model's bytes or nothing: a download's copy is the caller's own, and an entry changed after
 * its fill (its bytes, a truncation, a deletion, another model's file, a link, a file added) is found on its next use
 * in any JVM and filled again, or refused with a message that says so when the storage cannot be reached.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class CacheIntegrityContract extends CacheFixture {

    /** For the subclasses. */
    protected CacheIntegrityContract() {}

    /** Ways an entry's model file is changed after the fill, as a process with write access might. */
    enum Tamper {
        APPENDED,
        OVERWRITTEN_SAME_SIZE,
        TRUNCATED,
        DELETED,
        REPLACED_BY_ANOTHER_MODEL,
        REPLACED_BY_A_LINK,
        FILE_ADDED;

        void apply(Path model, Path elsewhere, byte[] otherModel) throws IOException {
            model.toFile().setWritable(true, true); // read-only stops a non-root process; root writes regardless
            switch (this) {
                case APPENDED -> Files.writeString(model, "tampered", StandardOpenOption.APPEND);
                case OVERWRITTEN_SAME_SIZE -> {
                    byte[] bytes = Files.readAllBytes(model);
                    bytes[bytes.length / 2] ^= 1;
                    Files.write(model, bytes);
                }
                case TRUNCATED -> Files.write(model, new byte[0]);
                case DELETED -> Files.delete(model);
                case REPLACED_BY_ANOTHER_MODEL -> {
                    Path other = Files.write(model.resolveSibling("other.tmp"), otherModel);
                    Files.move(other, model, StandardCopyOption.REPLACE_EXISTING);
                }
                case REPLACED_BY_A_LINK -> {
                    Files.delete(model);
                    Files.createSymbolicLink(
                            model, Files.write(elsewhere, "not the model".getBytes(StandardCharsets.UTF_8)));
                }
                case FILE_ADDED -> Files.writeString(model.resolveSibling("extra.py"), "import os");
            }
        }
    }

    @Test
    void aDownloadedFileWrittenToDoesNotChangeTheCachedModel() throws IOException {
        ModelStore store = storeWith(ROOMY, "a");
        Path first = store.download(tmp.resolve("t1"), DOMAIN, "a");
        Files.writeString(first.resolve("model.bin"), "tampered", StandardOpenOption.APPEND); // the caller's own copy

        counting.reset();
        Path second = store.download(tmp.resolve("t2"), DOMAIN, "a");
        assertThat(Files.readAllBytes(second.resolve("model.bin"))).isEqualTo(content("a"));
        assertThat(Files.isSameFile(first.resolve("model.bin"), second.resolve("model.bin")))
                .as("not a link")
                .isFalse();
        assertThat(archiveReads()).as("the entry was untouched: no refill").isZero();
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void aChangedEntryIsFoundOnItsNextDownloadAndFilledAgain(Tamper tamper) throws IOException {
        ModelStore store = storeWith(ROOMY, "a", "b");
        store.download(tmp.resolve("t1"), DOMAIN, "a");
        tamper.apply(entryFiles("a").resolve("model.bin"), tmp.resolve("elsewhere"), content("b"));
        counting.reset();

        Path[] target = new Path[1];
        // Another store on the same directory: as another JVM would, it finds the change from the entry alone.
        String logged = Warnings.loggedDuring(() -> target[0] = store(ROOMY).download(tmp.resolve("t2"), DOMAIN, "a"));

        assertThat(Files.isSymbolicLink(target[0].resolve("model.bin"))).isFalse();
        assertThat(Files.readAllBytes(target[0].resolve("model.bin"))).isEqualTo(content("a"));
        assertThat(leftovers(target[0])).containsExactlyInAnyOrder("model.bin", "model-info.json");
        assertThat(archiveReads()).as("filled again").isEqualTo(1);
        assertThat(logged).contains("changed after it was filled").contains("filled again from the storage");
        assertThat(leftovers(entryFiles("a"))).containsExactlyInAnyOrder("model.bin", "model-info.json");
        assertThat(Files.readAllBytes(entryFiles("a").resolve("model.bin"))).isEqualTo(content("a"));
    }

    @ParameterizedTest
    @EnumSource(
            value = Tamper.class,
            names = {"APPENDED", "REPLACED_BY_A_LINK"})
    void aChangedEntryIsFoundOnItsNextLoadAndFilledAgain(Tamper tamper) throws IOException {
        ModelStore store = store(ROOMY);
        Path file = Files.writeString(Files.createTempDirectory(tmp, "model-").resolve("model.txt"), "served");
        store.upload(UploadRequest.builder(DOMAIN)
                .modelId("t")
                .file(file)
                .library(TextModelLoader.LIBRARY)
                .build());
        assertThat(store.load(DOMAIN, "t", TextModelLoader.TextModel.class).text())
                .isEqualTo("served");
        tamper.apply(
                entryFiles("t").resolve("model.txt"),
                tmp.resolve("elsewhere"),
                "another".getBytes(StandardCharsets.UTF_8));
        counting.reset();

        assertThat(store(ROOMY)
                        .load(DOMAIN, "t", TextModelLoader.TextModel.class)
                        .text())
                .isEqualTo("served");
        assertThat(archiveReads()).as("filled again").isEqualTo(1);
    }

    @Test
    void anEntryChangedWhileItIsReadIsReadAgainAndNeverDelivered() throws IOException {
        upload(store(ROOMY), "a");
        Path text = Files.writeString(Files.createTempDirectory(tmp, "model-").resolve("model.txt"), "served");
        store(ROOMY)
                .upload(UploadRequest.builder(DOMAIN)
                        .modelId("t")
                        .file(text)
                        .library(TextModelLoader.LIBRARY)
                        .build());
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        // The listener hears of a hit once the entry was checked and before its files are read: a writer strikes then.
        ModelStore store = ModelStore.builder(storage)
                .cache(cacheDir, ROOMY)
                .cacheListener(new io.modelstore.CacheListener() {
                    @Override
                    public void hit(io.modelstore.ModelMetadata model) {
                        if (hits.incrementAndGet() == 1) {
                            try {
                                Path file = entryFiles(model.modelId())
                                        .resolve(model.modelId().equals("t") ? "model.txt" : "model.bin");
                                Tamper.APPENDED.apply(file, tmp.resolve("elsewhere"), new byte[0]);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                })
                .build();
        store.download(tmp.resolve("t1"), DOMAIN, "a"); // fills
        store.load(DOMAIN, "t", TextModelLoader.TextModel.class).close(); // fills
        counting.reset();

        String logged = Warnings.loggedDuring(() -> store.download(tmp.resolve("t2"), DOMAIN, "a"));
        assertThat(Files.readAllBytes(tmp.resolve("t2/model.bin"))).isEqualTo(content("a"));
        assertThat(logged).contains("changed while they were read");
        hits.set(0);
        assertThat(store.load(DOMAIN, "t", TextModelLoader.TextModel.class).text())
                .isEqualTo("served");
        assertThat(archiveReads()).as("each filled again once").isEqualTo(2);
    }

    @Test
    void anEntryCopiedWithItsBytesIntactIsStillUsedWithoutAFill() throws IOException {
        ModelStore store = storeWith(ROOMY, "a");
        store.download(tmp.resolve("t1"), DOMAIN, "a");
        // A cache restored from a backup or baked into an image: the same bytes in new files (new inodes and times).
        Path model = entryFiles("a").resolve("model.bin");
        Path copy = Files.copy(model, entryFiles("a").resolve("copy.tmp"));
        Files.move(copy, model, StandardCopyOption.REPLACE_EXISTING);
        counting.reset();

        String logged = Warnings.loggedDuring(() -> store(ROOMY).download(tmp.resolve("t2"), DOMAIN, "a"));
        assertThat(Files.readAllBytes(tmp.resolve("t2/model.bin"))).isEqualTo(content("a"));
        assertThat(archiveReads())
                .as("its bytes were checked, not fetched again")
                .isZero();
        assertThat(logged).doesNotContain("changed after it was filled");
    }

    @Test
    void aChangedEntryIsRefusedWithWhatChangedWhenTheStorageCannotBeReached() throws IOException {
        ModelStore store = storeWith(ROOMY, "a");
        store.download(tmp.resolve("t1"), DOMAIN, "a");
        Tamper.APPENDED.apply(entryFiles("a").resolve("model.bin"), tmp.resolve("elsewhere"), new byte[0]);
        storage.down = true;

        assertThatThrownBy(() -> store.download(tmp.resolve("t2"), DOMAIN, "a"))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageContaining("The cached copy of model 'a' of domain 'fraud'")
                .hasMessageContaining("changed after it was filled ('model.bin' had " + MODEL_BYTES + " bytes")
                .hasMessageContaining("cannot reach the storage");
        assertThat(tmp.resolve("t2/model.bin")).doesNotExist();
    }

    /** The model's files in its cache entry (see README, "The local cache"). */
    protected Path entryFiles(String id) {
        return cacheDir.resolve("entries").resolve(DOMAIN).resolve(id).resolve("files");
    }
}

package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.CacheListener;
import io.modelstore.ChecksumMismatchException;
import io.modelstore.DownloadOptions;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.ModelStoreBuilder;
import io.modelstore.TargetConflictException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The local model cache ({@link ModelStoreBuilder#cache}): a model is read from the storage once and verified,
 * entries are evicted least recently used first past the limit but never while in use, a fill cut short leaves no
 * entry, and a cached model downloads when the storage cannot be reached.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class CacheContract extends CacheFixture {

    /** For the subclasses. */
    protected CacheContract() {}

    @Test
    void aModelIsReadFromTheStorageOnceThenFromTheCache() throws IOException {
        ModelStore store = storeWith(ROOMY, "a");
        store.download(tmp.resolve("t1"), DOMAIN, "a");
        store.download(tmp.resolve("t2"), DOMAIN, "a");
        store(ROOMY).download(tmp.resolve("t3"), DOMAIN, "a"); // another store on the same directory

        assertThat(archiveReads()).as("archive reads").isEqualTo(1);
        for (String target : List.of("t1", "t2", "t3")) {
            assertThat(Files.readAllBytes(tmp.resolve(target).resolve("model.bin")))
                    .isEqualTo(content("a"));
        }
        assertThat(cached()).containsExactly("a");
    }

    @Test
    void aModelLoadedTwiceIsReadFromTheStorageOnce() throws IOException {
        ModelStore store = store(ROOMY);
        Path file = Files.writeString(Files.createTempDirectory(tmp, "model-").resolve("model.txt"), "served");
        store.upload(UploadRequest.builder(DOMAIN)
                .modelId("t")
                .file(file)
                .library(TextModelLoader.LIBRARY)
                .build());

        for (int i = 0; i < 2; i++) {
            assertThat(store.load(DOMAIN, "t", TextModelLoader.TextModel.class).text())
                    .isEqualTo("served");
        }
        assertThat(archiveReads()).as("archive reads").isEqualTo(1);
        assertThat(cached()).containsExactly("t");
    }

    @Test
    void theCacheListenerIsToldOfEachMissAndHitAndCannotFailADownload() throws IOException {
        List<String> heard = new CopyOnWriteArrayList<>();
        CacheListener listener = new CacheListener() {
            @Override
            public void hit(ModelMetadata model) {
                heard.add("hit " + model.modelId());
            }

            @Override
            public void miss(ModelMetadata model) {
                heard.add("miss " + model.modelId());
                throw new IllegalStateException("a listener's bug");
            }
        };
        ModelStore store = ModelStore.builder(storage)
                .cache(cacheDir, ROOMY)
                .cacheListener(listener)
                .build();
        upload(store, "a");
        upload(store, "b");
        counting.write(archiveKey("b"), archiveBytes("a"), WriteCondition.always());

        store.download(tmp.resolve("t1"), DOMAIN, "a");
        store.download(tmp.resolve("t2"), DOMAIN, "a");
        assertThatThrownBy(() -> store.download(tmp.resolve("t3"), DOMAIN, "b"))
                .isInstanceOf(ChecksumMismatchException.class);
        store.download(tmp.resolve("t4"), DOMAIN, "a");

        assertThat(heard).containsExactly("miss a", "hit a", "hit a");
        assertThat(Files.readAllBytes(tmp.resolve("t1/model.bin"))).isEqualTo(content("a"));
    }

    @Test
    void aTamperedArchiveIsRefusedAndNotCached() throws IOException {
        ModelStore store = storeWith(ROOMY, "a", "b");
        byte[] original = archiveBytes("a");
        counting.write(archiveKey("a"), archiveBytes("b"), WriteCondition.always());
        counting.reset();

        assertThatThrownBy(() -> store.download(tmp.resolve("t1"), DOMAIN, "a"))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(cached()).isEmpty();
        assertThat(leftovers(tmp.resolve("t1"))).isEmpty();

        counting.write(archiveKey("a"), original, WriteCondition.always());
        store.download(tmp.resolve("t2"), DOMAIN, "a");
        assertThat(Files.readAllBytes(tmp.resolve("t2/model.bin"))).isEqualTo(content("a"));
        assertThat(archiveReads())
                .as("the refused archive was not kept: read again")
                .isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedModelsAreEvictedPastMaxBytes() throws Exception {
        ModelStore store = storeWith((long) (2.8 * MODEL_BYTES), "a", "b", "c");
        download(store, "a");
        download(store, "b");
        download(store, "a"); // a is now used after b
        assertThat(cached()).containsExactlyInAnyOrder("a", "b");
        download(store, "c");

        assertThat(cached()).containsExactlyInAnyOrder("a", "c");
        assertThat(entryBytes()).isLessThanOrEqualTo((long) (2.8 * MODEL_BYTES));
        counting.reset();
        download(store, "a");
        assertThat(archiveReads()).as("a stayed").isZero();
        download(store, "b");
        assertThat(archiveReads()).as("b was evicted").isEqualTo(1);
    }

    @Test
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    void anEntryInUseIsNotEvicted() throws Exception {
        ModelStore store = storeWith(MODEL_BYTES + MODEL_BYTES / 2, "a", "b", "c");
        download(store, "a");
        // A reader of another JVM holds a's entry with a shared lock on its lock file.
        try (FileChannel channel = FileChannel.open(
                        cacheDir.resolve("locks/fraud/a.lock"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock held = channel.lock(0, Long.MAX_VALUE, true)) {
            download(store, "b");
            assertThat(cached()).as("a is in use, b was just filled").containsExactlyInAnyOrder("a", "b");
        }
        download(store, "c");
        assertThat(cached()).containsExactly("c");
    }

    @Test
    void aCachedModelDownloadsWhenTheStorageCannotBeReached() throws IOException {
        ModelStore store = storeWith(ROOMY, "a", "b");
        download(store, "a");
        storage.down = true;

        Path[] offline = new Path[1];
        String logged = Warnings.loggedDuring(() -> offline[0] = store.download(tmp.resolve("offline"), DOMAIN, "a"));
        assertThat(Files.readAllBytes(offline[0].resolve("model.bin"))).isEqualTo(content("a"));
        // Whoever runs the service must learn that it serves from the cache, and why.
        assertThat(logged)
                .contains("cannot be reached")
                .contains("using the cached copy of model 'a' of domain 'fraud'");
        assertThat(store(ROOMY).download(tmp.resolve("other"), DOMAIN, "a")).isDirectory();
        assertThatThrownBy(() -> store.download(tmp.resolve("latest"), DOMAIN))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageStartingWith("Cannot tell which model of domain 'fraud' is the latest: ")
                .hasMessageContaining("Download a cached model by its id instead: a.");
        assertThatThrownBy(() -> store.download(tmp.resolve("uncached"), DOMAIN, "b"))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
    }

    @Test
    void aDeletedModelIsNotServedFromTheCacheWhileTheStorageAnswers() {
        ModelStore store = storeWith(ROOMY, "a");
        download(store, "a");
        store.deleteModel(DOMAIN, "a");
        assertThatThrownBy(() -> download(store, "a")).isInstanceOf(ModelDeletedException.class);
    }

    @Test
    void aFillCutShortLeavesNoEntryAndTheNextUseFillsAgain() throws IOException {
        ModelStore store = storeWith(ROOMY, "a");
        storage.dieMidArchive = true;
        assertThatThrownBy(() -> download(store, "a")).hasMessageContaining("died");
        assertThat(cached()).isEmpty();
        assertThat(leftovers(cacheDir.resolve("filling/fraud")))
                .as("nothing half-filled")
                .isEmpty();

        // A process killed mid-fill leaves its half in filling/, which the next fill clears.
        Path half = cacheDir.resolve("filling/fraud/a/files/model.bin");
        Files.createDirectories(half.getParent());
        Files.write(half, new byte[10]);
        storage.dieMidArchive = false;
        counting.reset();
        Path target = store.download(tmp.resolve("again"), DOMAIN, "a");
        assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(content("a"));
        assertThat(archiveReads()).isEqualTo(1);
        assertThat(half).doesNotExist();
        assertThat(cached()).containsExactly("a");
    }

    @Test
    void downloadsFromTheCacheKeepTheirOptions() throws IOException {
        ModelStore store = storeWith(ROOMY, "a");
        Path target = Files.createDirectories(tmp.resolve("serving"));
        Files.writeString(target.resolve("model.bin"), "old");
        assertThatThrownBy(() -> store.download(target, DOMAIN, "a")).isInstanceOf(TargetConflictException.class);
        assertThat(Files.readString(target.resolve("model.bin"))).isEqualTo("old");
        assertThat(cached()).as("filled all the same").containsExactly("a");

        store.download(target, DOMAIN, "a", DownloadOptions.defaults().withOverwrite(true));
        assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(content("a"));
        assertThat(leftovers(target)).containsExactlyInAnyOrder("model.bin", "model-info.json");
        assertThat(archiveReads()).isEqualTo(1);
    }
}

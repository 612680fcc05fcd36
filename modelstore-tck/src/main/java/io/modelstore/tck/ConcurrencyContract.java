package io.modelstore.tck;

import io.modelstore.ModelExistsException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The store's guarantees under concurrent writers, on a real backend: an id is claimed once, even by writers seconds
 * apart; the latest pointer never moves back in time; no upload is lost. The interleavings that break a guarantee
 * are forced (one writer runs while another is paused at a chosen request), so each test fails every time the
 * guarantee is broken, not only when threads happen to collide; the races of many threads come on top.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class ConcurrencyContract {

    /** For the subclasses. */
    protected ConcurrencyContract() {
    }

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    /** As {@link StorageContract#atomicCompareAndSwap()}: false only for a test server whose If-Match is not atomic. */
    protected boolean atomicCompareAndSwap() {
        return true;
    }

    /** The root prefix the stores are opened with. */
    protected String rootPrefix() {
        return "";
    }

    private static final Instant T = Instant.parse("2025-06-01T10:00:00.500Z");

    private Storage storage;
    private ModelStore store;

    @TempDir
    protected Path tmp;

    @BeforeEach
    void openStore() throws Exception {
        storage = createStorage();
        store = ModelStore.fromStorage(storage, rootPrefix());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ one id, two writers seconds apart

    /**
     * Writer A passes the existence check; writer B uploads the same id a second later (so its archive has another
     * key) while A is paused before its archive, or between its archive and its metadata; then A goes on. The
     * metadata's create-new is the only thing that can stop A: B's model must stay whole, and A's archive go.
     */
    @ParameterizedTest(name = "B uploads while A is paused before its {0}")
    @ValueSource(strings = {"archive", "metadata"})
    void anUploadThatPassedTheIdCheckLosesToTheSameIdUploadedASecondLater(String pausedBefore) throws IOException {
        ModelStore b = at(T.plusSeconds(1), storage);
        Path bModel = file("b/model.bin", "writer B");
        Predicate<String> pausePoint = pausedBefore.equals("archive")
                ? k -> k.endsWith("/the-one/artifacts.tar.gz")
                : k -> k.endsWith("/versions/the-one.json");
        ModelStore a = at(T, new Interleaving(storage, pausePoint,
                () -> b.upload(UploadRequest.builder("claim").file(bModel).modelId("the-one").build())));

        assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim").file(file("a/model.bin", "writer A"))
                .modelId("the-one").build()))
                .isInstanceOf(ModelExistsException.class)
                .hasMessageContaining("Model 'the-one' already exists in domain 'claim'");

        ModelMetadata stored = store.getModelInfo("claim", "the-one");
        assertThat(stored.created()).isEqualTo(T.plusSeconds(1));
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer B");
        assertThat(archiveKeys("claim")).as("A's archive is removed, B's kept").hasSize(1)
                .allMatch(k -> k.contains("/2025.06.01-10.00.01/"));
        assertThat(store.getDomain("claim").modelId()).isEqualTo("the-one");
        assertThat(store.getDomain("claim").created()).isEqualTo(T.plusSeconds(1));
    }

    /**
     * Two uploads of one id in the same second, so with the same archive key: B has written its archive and is
     * paused before its metadata when A, with other bytes of the same size, finds the key taken. A must see that
     * the archive there is not its own (the digest, not the size, tells) and stop; B then commits.
     */
    @Test
    void anArchiveOfTheSameSizeButOtherBytesIsNotTakenForOurOwn() throws IOException {
        ModelStore a = at(T, storage);
        Path aModel = file("a/model.bin", "writer A");
        ModelStore b = at(T, new Interleaving(storage, k -> k.endsWith("/versions/the-one.json"),
                () -> assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim").file(aModel).modelId("the-one").build()))
                        .isInstanceOf(ModelExistsException.class).hasMessageContaining("is writing its archive")));

        b.upload(UploadRequest.builder("claim").file(file("b/model.bin", "writer B")).modelId("the-one").build());

        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer B");
        assertThat(archiveKeys("claim")).hasSize(1);
    }

    /**
     * Two uploads of one id and the same bytes in the same second: B adopts the archive A wrote (it is byte for byte
     * the one B would write) and commits first; A's metadata then loses. A must not remove the archive B's model
     * names.
     */
    @Test
    void theLoserKeepsAnArchiveThatTheWinnerAdopted() throws IOException {
        Path model = file("same/model.bin", "the same bytes");
        ModelStore b = at(T, storage);
        ModelStore a = at(T, new Interleaving(storage, k -> k.endsWith("/versions/the-one.json"),
                () -> b.upload(UploadRequest.builder("claim").file(model).modelId("the-one").metadata("by", "B").build())));

        assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim").file(model).modelId("the-one")
                .metadata("by", "A").build())).isInstanceOf(ModelExistsException.class);

        assertThat(store.getModelInfo("claim", "the-one").extra()).containsEntry("by", "B");
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("the same bytes");
    }

    /**
     * As above, and A cannot read back the winner's metadata to see whether it names A's archive: A keeps the
     * archive, which B's model may name (here it does), and reports the lost race.
     */
    @Test
    void aLoserThatCannotReadTheWinnersMetadataKeepsItsArchive() throws IOException {
        Path model = file("same/model.bin", "the same bytes");
        ModelStore b = at(T, storage);
        Storage interleaved = new Interleaving(storage, k -> k.endsWith("/versions/the-one.json"),
                () -> b.upload(UploadRequest.builder("claim").file(model).modelId("the-one").metadata("by", "B").build()));
        ModelStore a = at(T, new FailingReads(interleaved, k -> k.endsWith("/versions/the-one.json"), 1));

        assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim").file(model).modelId("the-one")
                .metadata("by", "A").build())).isInstanceOf(ModelExistsException.class);

        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("the same bytes");
    }

    /**
     * A loses the id to B a second later, and the removal of its own archive fails too: A still reports the lost
     * race (not the failed cleanup), warns of the leftover, and B's model is whole; a repair removes the leftover.
     */
    @Test
    void aLoserWhoseCleanupFailsReportsTheLostRaceAndWarnsOfTheLeftover() throws IOException {
        ModelStore b = at(T.plusSeconds(1), storage);
        Path bModel = file("b/model.bin", "writer B");
        Storage interleaved = new Interleaving(storage, k -> k.endsWith("/versions/the-one.json"),
                () -> b.upload(UploadRequest.builder("claim").file(bModel).modelId("the-one").build()));
        Storage noDeletes = new ForwardingStorage(interleaved) {
            @Override
            public boolean delete(String key) {
                throw new io.modelstore.spi.StorageException(io.modelstore.spi.StorageException.Reason.UNREACHABLE,
                        "Injected: the storage cannot be reached");
            }
        };
        ModelStore a = at(T, noDeletes);
        Path aModel = file("a/model.bin", "writer A");

        String logged = Warnings.loggedDuring(() -> assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim")
                .file(aModel).modelId("the-one").build())).isInstanceOf(ModelExistsException.class));

        String leftover = archiveKeys("claim").stream().filter(k -> k.contains("/2025.06.01-10.00.00/")).findFirst().orElseThrow();
        assertThat(logged).contains("Could not remove " + leftover + " after a failed upload");
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer B");
        store.check(true, java.time.Duration.ZERO);
        assertThat(archiveKeys("claim")).hasSize(1).noneMatch(k -> k.equals(leftover));
    }

    // ------------------------------------------------------------------ the latest pointer

    /**
     * Writer A (older) has read the pointer and is about to move it; writer B (newer) moves it first. A's
     * conditional write must fail, and A, reading again, must leave the pointer on B.
     */
    @ParameterizedTest(name = "the pointer {0} before A reads it")
    @ValueSource(strings = {"is absent", "names an older model"})
    void aPointerThatANewerUploadMovedMeanwhileIsNotMovedBack(String before) throws IOException {
        if (before.equals("names an older model")) {
            at(T.minusSeconds(60), storage).upload(UploadRequest.builder("d").file(file("old/m.bin", "old"))
                    .modelId("old").build());
        }
        ModelStore b = at(T.plusSeconds(1), storage);
        Path bModel = file("b/m.bin", "newer");
        ModelStore a = at(T, new Interleaving(storage, k -> k.endsWith("/domains/d.json"),
                () -> b.upload(UploadRequest.builder("d").file(bModel).modelId("newer").build())));

        a.upload(UploadRequest.builder("d").file(file("a/m.bin", "older")).modelId("older").build());

        assertThat(store.getDomain("d").modelId()).isEqualTo("newer");
        assertThat(store.listModels("d")).startsWith("newer", "older");
        assertThat(download("d", null, "m.bin")).isEqualTo("newer");
    }

    /** The reverse order: a newer upload that finds an older model's pointer moves it on, trying again. */
    @ParameterizedTest(name = "the pointer {0} before the newer upload reads it")
    @ValueSource(strings = {"is absent", "names an older model"})
    void aNewerUploadMovesAPointerThatAnOlderOneSetMeanwhile(String before) throws IOException {
        if (before.equals("names an older model")) {
            at(T.minusSeconds(60), storage).upload(UploadRequest.builder("d").file(file("old/m.bin", "old"))
                    .modelId("old").build());
        }
        ModelStore older = at(T, storage);
        Path olderModel = file("a/m.bin", "older");
        ModelStore newer = at(T.plusSeconds(1), new Interleaving(storage, k -> k.endsWith("/domains/d.json"),
                () -> older.upload(UploadRequest.builder("d").file(olderModel).modelId("older").build())));

        newer.upload(UploadRequest.builder("d").file(file("b/m.bin", "newer")).modelId("newer").build());

        assertThat(store.getDomain("d").modelId()).isEqualTo("newer");
    }

    /**
     * The domain's last model is deleted while another writer uploads one: the delete removes the pointer just after
     * the upload moved it. The delete must see the new model and point the domain at it, as Python reads the pointer.
     */
    @Test
    void aModelUploadedWhileTheLastOneIsDeletedKeepsTheDomainsPointer() throws IOException {
        at(T, storage).upload(UploadRequest.builder("d").file(file("a/m.bin", "a")).modelId("last").build());
        ModelStore uploader = at(T.plusSeconds(1), storage);
        Path model = file("b/m.bin", "b");
        ModelStore deleter = ModelStore.fromStorage(new Interleaving(storage, k -> k.endsWith("/domains/d.json"),
                () -> uploader.upload(UploadRequest.builder("d").file(model).modelId("arrived").build())), rootPrefix());

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
        at(T, storage).upload(UploadRequest.builder("d").file(file("a/m.bin", "a")).modelId("older").build());
        AlwaysAhead ahead = new AlwaysAhead(storage, pointerKey("d"));

        at(T.plusSeconds(1), ahead).upload(UploadRequest.builder("d").file(file("b/m.bin", "b")).modelId("newer").build());
        assertThat(ahead.attempts()).as("conditional writes of the pointer").isEqualTo(50);
        assertThat(store.listModels("d")).containsExactly("newer", "older");
        assertThat(store.getDomain("d").modelId()).as("behind, until the next upload or a repair").isEqualTo("older");

        at(T.plusSeconds(2), storage).upload(UploadRequest.builder("d").file(file("c/m.bin", "c")).modelId("newest").build());
        ahead.reset();
        assertThatThrownBy(() -> at(T.plusSeconds(3), ahead).deleteModel("d", "newest"))
                .isInstanceOf(io.modelstore.spi.StorageException.class)
                .hasMessageContaining("after 50 attempts: too many concurrent writers");
        assertThat(ahead.attempts()).isEqualTo(50);
        assertThat(store.listModels("d")).containsExactly("newer", "older");
    }

    // ------------------------------------------------------------------ many threads

    @Test
    void concurrentUploadsToOneDomainLoseNoVersion() throws Exception {
        List<String> all = uploadConcurrently("busy");

        assertThat(store.listModels("busy")).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void concurrentUploadsLeaveTheLatestPointerOnTheNewest() throws Exception {
        assumeTrue(atomicCompareAndSwap(), "this test server checks If-Match and writes in two steps, so the "
                + "pointer's compare-and-swap cannot be raced on it");
        List<String> all = uploadConcurrently("busy");

        List<String> listed = store.listModels("busy");
        ModelMetadata latest = store.getDomain("busy");
        assertThat(latest.modelId()).isEqualTo(listed.get(0));
        for (String id : all) {
            assertThat(store.getModelInfo("busy", id).created()).isBeforeOrEqualTo(latest.created());
        }
    }

    @Test
    void concurrentUploadsOfOneModelIdHaveExactlyOneWinner() throws Exception {
        int writers = 8;
        List<Object> outcomes = StorageContract.race(writers, w -> {
            Path model = file("w" + w + "/model.bin", "writer " + w);
            try {
                return store.upload(UploadRequest.builder("claim").file(model).modelId("the-one").build());
            } catch (ModelExistsException e) {
                return e;
            }
        });
        List<ModelMetadata> winners = outcomes.stream().filter(o -> o instanceof ModelMetadata)
                .map(o -> (ModelMetadata) o).collect(Collectors.toList());
        assertThat(winners).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o instanceof ModelExistsException)).hasSize(writers - 1);

        int winner = outcomes.indexOf(winners.get(0));
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer " + winner);
        assertThat(archiveKeys("claim")).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    /** A storage that, before the first write or delete of a key {@code pausePoint} accepts, runs {@code meanwhile}. */
    private static final class Interleaving extends ForwardingStorage {
        private final Predicate<String> pausePoint;
        private final Runnable meanwhile;
        private final AtomicBoolean ran = new AtomicBoolean();

        Interleaving(Storage delegate, Predicate<String> pausePoint, Runnable meanwhile) {
            super(delegate);
            this.pausePoint = pausePoint;
            this.meanwhile = meanwhile;
        }

        private void before(String key) {
            if (pausePoint.test(key) && !ran.getAndSet(true)) {
                meanwhile.run();
            }
        }

        @Override
        public boolean write(String key, byte[] content, WriteCondition condition) {
            before(key);
            return super.write(key, content, condition);
        }

        @Override
        public boolean write(String key, Path source, WriteCondition condition) {
            before(key);
            return super.write(key, source, condition);
        }

        @Override
        public BlobOutput openWrite(String key, WriteCondition condition) {
            before(key);
            return super.openWrite(key, condition);
        }

        @Override
        public boolean delete(String key) {
            before(key);
            return super.delete(key);
        }

        @Override
        public void close() {
            // the test's own storage is closed with the test's store
        }
    }

    /**
     * A storage where another writer rewrites the pointer (the same metadata, one space longer, so its version
     * changes) just before each conditional write of it: every compare-and-swap loses.
     */
    private static final class AlwaysAhead extends ForwardingStorage {
        private final String pointer;
        private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();

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

    /** A storage whose reads of keys that {@code failing} accepts fail, after the first {@code passing} of them. */
    private static final class FailingReads extends ForwardingStorage {
        private final Predicate<String> failing;
        private final java.util.concurrent.atomic.AtomicInteger left;

        FailingReads(Storage delegate, Predicate<String> failing, int passing) {
            super(delegate);
            this.failing = failing;
            this.left = new java.util.concurrent.atomic.AtomicInteger(passing);
        }

        @Override
        public java.io.InputStream read(String key) {
            if (failing.test(key) && left.getAndDecrement() <= 0) {
                throw new io.modelstore.spi.StorageException(io.modelstore.spi.StorageException.Reason.TRANSIENT,
                        "Injected: reading " + key + " failed");
            }
            return super.read(key);
        }

        @Override
        public void close() {
            // the test's own storage is closed with the test's store
        }
    }

    private String pointerKey(String domain) {
        return (rootPrefix().isEmpty() ? "" : rootPrefix() + "/") + "operatorai-model-store/domains/" + domain + ".json";
    }

    private List<String> uploadConcurrently(String domain) throws Exception {
        int writers = 8;
        int each = 5;
        Path model = file("model.bin", "the same bytes for all");
        List<List<String>> ids = StorageContract.race(writers, w -> {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                mine.add(store.upload(domain, model).modelId());
            }
            return mine;
        });
        List<String> all = ids.stream().flatMap(List::stream).collect(Collectors.toList());
        assertThat(Set.copyOf(all)).hasSize(writers * each);
        return all;
    }

    private ModelStore at(Instant time, Storage on) {
        return ModelStore.builder(on).rootPrefix(rootPrefix()).clock(Clock.fixed(time, ZoneOffset.UTC)).build();
    }

    /** The content of the model's file {@code name}, downloaded. */
    private String download(String domain, String modelId, String name) throws IOException {
        Path target = Files.createTempDirectory(tmp, "out");
        store.download(target, domain, modelId);
        return Files.readString(target.resolve(name));
    }

    private List<String> archiveKeys(String domain) {
        String base = (rootPrefix().isEmpty() ? "" : rootPrefix() + "/") + "operatorai-model-store/" + domain + "/";
        try (Stream<BlobInfo> keys = storage.list(base)) {
            return keys.map(BlobInfo::key).filter(k -> k.endsWith("/artifacts.tar.gz")).collect(Collectors.toList());
        }
    }

    private Path file(String relative, String content) throws IOException {
        Path p = tmp.resolve("in").resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }
}

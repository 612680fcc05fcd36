package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelstore.ModelExistsException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's guarantees under concurrent writers, on a real backend: an id is claimed once, even by writers seconds
 * apart; no upload is lost. The interleavings that break a guarantee are forced (one writer runs while another is
 * paused at a chosen request), so each test fails every time the guarantee is broken, not only when threads happen
 * to collide; the races of many threads come on top. It includes {@link LatestPointerContract}, the latest pointer's
 * guarantees under racing writers, kept in a file of its own.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class ConcurrencyContract extends LatestPointerContract {

    /** For the subclasses. */
    protected ConcurrencyContract() {}

    /** As {@link StorageContract#atomicCompareAndSwap()}: false only for a test server whose If-Match is not atomic. */
    protected boolean atomicCompareAndSwap() {
        return true;
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
        ModelStore a = at(
                T,
                new Interleaving(
                        storage,
                        pausePoint,
                        () -> b.upload(UploadRequest.builder("claim")
                                .file(bModel)
                                .modelId("the-one")
                                .build())));

        assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim")
                        .file(file("a/model.bin", "writer A"))
                        .modelId("the-one")
                        .build()))
                .isInstanceOf(ModelExistsException.class)
                .hasMessageContaining("Model 'the-one' already exists in domain 'claim'");

        ModelMetadata stored = store.getModelInfo("claim", "the-one");
        assertThat(stored.created()).isEqualTo(T.plusSeconds(1));
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer B");
        assertThat(archiveKeys("claim"))
                .as("A's archive is removed, B's kept")
                .hasSize(1)
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
        ModelStore b = at(
                T,
                new Interleaving(
                        storage,
                        k -> k.endsWith("/versions/the-one.json"),
                        () -> assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim")
                                        .file(aModel)
                                        .modelId("the-one")
                                        .build()))
                                .isInstanceOf(ModelExistsException.class)
                                .hasMessageContaining("is writing its archive")));

        b.upload(UploadRequest.builder("claim")
                .file(file("b/model.bin", "writer B"))
                .modelId("the-one")
                .build());

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
        ModelStore a = at(
                T,
                new Interleaving(
                        storage,
                        k -> k.endsWith("/versions/the-one.json"),
                        () -> b.upload(UploadRequest.builder("claim")
                                .file(model)
                                .modelId("the-one")
                                .metadata("by", "B")
                                .build())));

        assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim")
                        .file(model)
                        .modelId("the-one")
                        .metadata("by", "A")
                        .build()))
                .isInstanceOf(ModelExistsException.class);

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
        Storage interleaved = new Interleaving(
                storage,
                k -> k.endsWith("/versions/the-one.json"),
                () -> b.upload(UploadRequest.builder("claim")
                        .file(model)
                        .modelId("the-one")
                        .metadata("by", "B")
                        .build()));
        ModelStore a = at(T, new FailingReads(interleaved, k -> k.endsWith("/versions/the-one.json"), 1));

        assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim")
                        .file(model)
                        .modelId("the-one")
                        .metadata("by", "A")
                        .build()))
                .isInstanceOf(ModelExistsException.class);

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
        Storage interleaved = new Interleaving(
                storage,
                k -> k.endsWith("/versions/the-one.json"),
                () -> b.upload(UploadRequest.builder("claim")
                        .file(bModel)
                        .modelId("the-one")
                        .build()));
        Storage noDeletes = new ForwardingStorage(interleaved) {
            @Override
            public boolean delete(String key) {
                throw new io.modelstore.spi.StorageException(
                        io.modelstore.spi.StorageException.Reason.UNREACHABLE,
                        "Injected: the storage cannot be reached");
            }
        };
        ModelStore a = at(T, noDeletes);
        Path aModel = file("a/model.bin", "writer A");

        String logged = Warnings.loggedDuring(() -> assertThatThrownBy(() -> a.upload(UploadRequest.builder("claim")
                        .file(aModel)
                        .modelId("the-one")
                        .build()))
                .isInstanceOf(ModelExistsException.class));

        String leftover = archiveKeys("claim").stream()
                .filter(k -> k.contains("/2025.06.01-10.00.00/"))
                .findFirst()
                .orElseThrow();
        assertThat(logged).contains("Could not remove " + leftover + " after a failed upload");
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer B");
        store.check(true, java.time.Duration.ZERO);
        assertThat(archiveKeys("claim")).hasSize(1).noneMatch(k -> k.equals(leftover));
    }

    // ------------------------------------------------------------------ many threads

    @Test
    void concurrentUploadsToOneDomainLoseNoVersion() throws Exception {
        List<String> all = uploadConcurrently("busy");

        assertThat(store.listModels("busy")).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void concurrentUploadsLeaveTheLatestPointerOnTheNewest() throws Exception {
        assumeTrue(
                atomicCompareAndSwap(),
                "this test server checks If-Match and writes in two steps, so the "
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
        List<Object> outcomes = Races.race(writers, w -> {
            Path model = file("w" + w + "/model.bin", "writer " + w);
            try {
                return store.upload(UploadRequest.builder("claim")
                        .file(model)
                        .modelId("the-one")
                        .build());
            } catch (ModelExistsException e) {
                return e;
            }
        });
        List<ModelMetadata> winners = outcomes.stream()
                .filter(o -> o instanceof ModelMetadata)
                .map(o -> (ModelMetadata) o)
                .collect(Collectors.toList());
        assertThat(winners).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o instanceof ModelExistsException))
                .hasSize(writers - 1);

        int winner = outcomes.indexOf(winners.get(0));
        assertThat(download("claim", "the-one", "model.bin")).isEqualTo("writer " + winner);
        assertThat(archiveKeys("claim")).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

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
                throw new io.modelstore.spi.StorageException(
                        io.modelstore.spi.StorageException.Reason.TRANSIENT, "Injected: reading " + key + " failed");
            }
            return super.read(key);
        }

        @Override
        public void close() {
            // the test's own storage is closed with the test's store
        }
    }

    private List<String> uploadConcurrently(String domain) throws Exception {
        int writers = 8;
        int each = 5;
        Path model = file("model.bin", "the same bytes for all");
        List<List<String>> ids = Races.race(writers, w -> {
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

    private List<String> archiveKeys(String domain) {
        String base = (rootPrefix().isEmpty() ? "" : rootPrefix() + "/") + "operatorai-model-store/" + domain + "/";
        try (Stream<BlobInfo> keys = storage.list(base)) {
            return keys.map(BlobInfo::key)
                    .filter(k -> k.endsWith("/artifacts.tar.gz"))
                    .collect(Collectors.toList());
        }
    }
}

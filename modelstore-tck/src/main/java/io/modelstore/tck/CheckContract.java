package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.CheckReport;
import io.modelstore.CheckReport.Finding;
import io.modelstore.CheckReport.Kind;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.FaultyStorage.Call;
import io.modelstore.tck.FaultyStorage.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelStore#check}: what an interrupted upload or delete leaves is reported, repaired only when asked, left
 * alone while younger than the grace period, and nothing a live model needs is removed.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class CheckContract extends StoreContract {

    private static final String BASE = "operatorai-model-store/";

    /** For the subclasses. */
    protected CheckContract() {}

    @BeforeEach
    void uploadAModel() throws IOException {
        store.upload(upload("a", "A"));
    }

    @Test
    void aHealthyStoreHasNothingToReport() {
        CheckReport report = store.check(true, Duration.ZERO);
        assertThat(report.findings())
                .filteredOn(f -> f.kind() != Kind.LOCAL_TEMPORARY_FILE)
                .isEmpty();
        assertThat(report.healthy()).isTrue();
    }

    @Test
    void aPointerLeftBehindByAnUploadIsMovedToTheNewestModel() throws IOException {
        // The process stops between the upload's commit (its metadata) and the pointer's update.
        ModelStore crashing =
                ModelStore.fromStorage(FaultyStorage.injecting(storage, Call.WRITE, 3, Fault.FAIL_BEFORE));
        crashing.upload(upload("b", "B"));
        assertThat(store.listModels("fraud")).containsExactly("b", "a");
        assertThat(pointer()).contains("\"a\"");

        CheckReport found = store.check(false, Duration.ZERO);
        assertThat(found.healthy()).isFalse();
        assertThat(storeFindings(found))
                .containsExactly(new Finding(
                        Kind.STALE_POINTER,
                        BASE + "domains/fraud.json",
                        "the pointer names 'a', but the newest model is 'b'",
                        false));
        assertThat(pointer()).as("a check without repair changes nothing").contains("\"a\"");

        assertThat(storeFindings(store.check(true, Duration.ZERO)))
                .extracting(Finding::repaired)
                .containsExactly(true);
        assertThat(pointer()).contains("\"b\"");
        assertThat(store.check(true, Duration.ZERO).healthy()).isTrue();
        assertThat(storeFindings(store.check(false, Duration.ZERO))).isEmpty();
    }

    @Test
    void anArchiveNoMetadataNamesIsRemovedOnlyOnceItIsOlderThanTheGracePeriod() throws IOException {
        // The metadata write fails: the archive stays (the upload cannot know whether the metadata was written).
        ModelStore failing = ModelStore.fromStorage(FaultyStorage.injecting(storage, Call.WRITE, 2, Fault.FAIL_BEFORE));
        assertThatThrownBy(() -> failing.upload(upload("b", "B"))).isInstanceOf(ModelStoreException.class);
        String orphan = archiveKeys().stream()
                .filter(k -> k.contains("/b/"))
                .findFirst()
                .orElseThrow();

        assertThat(storeFindings(store.check(true, Duration.ofHours(1))))
                .as("too young to be a leftover")
                .isEmpty();
        assertThat(keys()).contains(orphan);

        assertThat(storeFindings(store.check(true, Duration.ZERO)))
                .containsExactly(
                        new Finding(Kind.ORPHAN_ARCHIVE, orphan, "no model's metadata names this archive", true));
        assertThat(keys()).doesNotContain(orphan);
        Path target = store.download(tmp.resolve("a"), "fraud", "a");
        assertThat(target.resolve("model.bin")).hasContent("A");
        store.upload(upload("b", "B again")); // the id was never taken
    }

    @Test
    void aDeleteCutShortLeavesAnArchiveAndAStateEntryThatARepairRemoves() throws IOException {
        store.createModelState("production");
        store.upload(upload("b", "B"));
        store.setModelState("fraud", "b", "production");
        // The process stops right after the delete's commit (the metadata's removal): deletes 2 and 3 never happen.
        ModelStore crashing =
                ModelStore.fromStorage(FaultyStorage.injecting(storage, Call.DELETE, 2, Fault.FAIL_BEFORE));
        assertThatThrownBy(() -> crashing.deleteModel("fraud", "b")).isInstanceOf(ModelStoreException.class);

        CheckReport repaired = store.check(true, Duration.ZERO);
        assertThat(storeFindings(repaired))
                .extracting(Finding::kind)
                .containsExactlyInAnyOrder(Kind.ORPHAN_ARCHIVE, Kind.STALE_STATE_ENTRY, Kind.STALE_POINTER);
        assertThat(keys()).noneMatch(k -> k.contains("/b/") || k.endsWith("/production/b.json"));
        assertThat(pointer()).contains("\"a\"");
        assertThat(keys())
                .as("the tombstone stays, as Python keeps it")
                .contains(BASE + "fraud/versions/modelstore-deleted/b.json");
        assertThat(store.check(false, Duration.ZERO).healthy()).isTrue();
    }

    @Test
    void aMissingPointerIsRecreatedAndUnreadableMetadataIsOnlyReported() throws IOException {
        assertThat(storage.delete(BASE + "domains/fraud.json")).isTrue();
        store.upload(
                UploadRequest.builder("other").file(file("o", "O")).modelId("o").build());
        assertThat(storage.write(BASE + "other/versions/o.json", new byte[0], WriteCondition.always()))
                .isTrue();

        CheckReport report = store.check(true, Duration.ZERO);
        assertThat(storeFindings(report))
                .extracting(Finding::kind, Finding::location, Finding::repaired)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.STALE_POINTER, BASE + "domains/fraud.json", true),
                        org.assertj.core.groups.Tuple.tuple(
                                Kind.UNREADABLE_METADATA, BASE + "other/versions/o.json", false));
        assertThat(report.healthy()).isFalse();
        assertThat(pointer()).contains("\"a\"");
        assertThat(archiveKeys())
                .as("the archive of unreadable metadata is kept")
                .anyMatch(k -> k.contains("/o/"));
    }

    @Test
    void unreadableMetadataKeepsOnlyItsOwnArchiveAndOtherOrphansOfItsDomainAreStillFound() throws IOException {
        store.upload(
                UploadRequest.builder("other").file(file("o", "O")).modelId("o").build());
        assertThat(storage.write(BASE + "other/versions/o.json", new byte[0], WriteCondition.always()))
                .isTrue();
        ModelStore failing = ModelStore.fromStorage(FaultyStorage.injecting(storage, Call.WRITE, 2, Fault.FAIL_BEFORE));
        assertThatThrownBy(() -> failing.upload(UploadRequest.builder("other")
                        .file(file("p", "P"))
                        .modelId("p")
                        .build()))
                .isInstanceOf(ModelStoreException.class);
        String orphan = archiveKeys().stream()
                .filter(k -> k.startsWith(BASE + "other/") && k.contains("/p/"))
                .findFirst()
                .orElseThrow();

        assertThat(storeFindings(store.check(false, Duration.ZERO)))
                .extracting(Finding::kind, Finding::location)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(Kind.UNREADABLE_METADATA, BASE + "other/versions/o.json"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ORPHAN_ARCHIVE, orphan));
    }

    @Test
    void anUploadsTemporaryArchiveLeftByAStoppedProcessIsRemovedOnceOldAndOneOfALiveProcessNever() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        String tag = "-check-" + System.nanoTime() + ".tar.gz";
        String prefix = io.modelstore.spi.BlobOutput.TEMPORARY_FILE_PREFIX;
        Path stopped = dir.resolve(prefix + "999999999" + tag); // above Linux's largest pid
        Path unnamed = dir.resolve(prefix + "nopid" + tag);
        Path recent = dir.resolve(prefix + "999999998" + tag);
        Path live = dir.resolve(prefix + ProcessHandle.current().pid() + tag);
        List<Path> all = List.of(stopped, unnamed, recent, live);
        try {
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(Duration.ofHours(2)));
            for (Path file : all) {
                Files.writeString(file, "part of an archive");
                if (file != recent) {
                    Files.setLastModifiedTime(file, old);
                }
            }
            List<String> found = store.check(false, Duration.ofHours(1)).findings().stream()
                    .filter(f -> f.kind() == Kind.LOCAL_TEMPORARY_FILE)
                    .map(Finding::location)
                    .toList();
            assertThat(found)
                    .contains(stopped.toString(), unnamed.toString())
                    .doesNotContain(recent.toString(), live.toString());
            assertThat(all).as("a check without repair removes nothing").allMatch(Files::exists);

            store.check(true, Duration.ofHours(1));
            assertThat(stopped).doesNotExist();
            assertThat(unnamed).doesNotExist();
            assertThat(recent).exists();
            assertThat(live).exists();
        } finally {
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void aModelDeletedWhileTheCheckRunsIsSkippedNotAnError() throws IOException {
        store.upload(upload("b", "B"));
        // The check lists b's metadata, then finds it gone when it reads it: a delete ran in between.
        Storage racing = new io.modelstore.spi.ForwardingStorage(storage) {
            @Override
            public java.io.InputStream read(String key) {
                if (key.equals(BASE + "fraud/versions/b.json")) {
                    throw new io.modelstore.spi.BlobNotFoundException(key);
                }
                return super.read(key);
            }
        };
        CheckReport report = ModelStore.fromStorage(racing).check(false, Duration.ofHours(1));
        assertThat(storeFindings(report)).noneMatch(f -> f.kind() == Kind.UNREADABLE_METADATA);
    }

    // ------------------------------------------------------------------ helpers

    /** The findings about the store, without this machine's temporary files (other tests' processes may leave some). */
    protected static List<Finding> storeFindings(CheckReport report) {
        return report.findings().stream()
                .filter(f -> f.kind() != Kind.LOCAL_TEMPORARY_FILE)
                .collect(Collectors.toList());
    }

    protected UploadRequest upload(String id, String content) throws IOException {
        return UploadRequest.builder("fraud")
                .file(file(id, content))
                .modelId(id)
                .build();
    }

    private Path file(String id, String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + id + "-" + System.nanoTime()));
        return Files.writeString(dir.resolve("model.bin"), content);
    }

    protected Set<String> keys() {
        try (Stream<BlobInfo> all = storage.list("")) {
            return all.map(BlobInfo::key).collect(Collectors.toSet());
        }
    }

    private List<String> archiveKeys() {
        return keys().stream()
                .filter(k -> k.endsWith("/artifacts.tar.gz"))
                .sorted()
                .toList();
    }

    private String pointer() throws IOException {
        try (var in = storage.read(BASE + "domains/fraud.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

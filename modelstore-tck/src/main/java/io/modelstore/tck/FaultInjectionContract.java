package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.CheckReport.Kind;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Storage;
import io.modelstore.tck.FaultyStorage.Call;
import io.modelstore.tck.FaultyStorage.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload, delete, a state change and a download, each run with one fault injected into each of its storage calls in
 * turn ({@link FaultyStorage}: the call fails before it acts, fails after it acted, is repeated as a client
 * retrying a lost response does, or the storage goes down there, when the error must name that call). After each run a fresh store checks that nothing committed was lost, that every
 * listed model downloads, that a failed operation can be retried to completion, that a repeated call is harmless,
 * and that the keys are still Python modelstore's layout.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class FaultInjectionContract {

    /** For the subclasses. */
    protected FaultInjectionContract() {}

    /** A new storage holding no blobs. */
    protected abstract Storage createStorage() throws Exception;

    /** The kinds of call faults are injected into; a slow server may test a representative subset. */
    protected Set<Call> calls() {
        return Set.of(Call.values());
    }

    @TempDir
    protected Path tmp;

    private static final String DOMAIN = "fraud";
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    /** Every key Python modelstore 0.0.81 writes, below the root prefix. */
    public static final Pattern PYTHON_LAYOUT = Pattern.compile("operatorai-model-store/("
            + "domains/[^/]+\\.json"
            + "|model_states/[^/]+\\.json"
            + "|[^/]+/versions/[^/]+\\.json"
            + "|[^/]+/versions/[^/]+/[^/]+\\.json"
            + "|[^/]+/\\d{4}\\.\\d{2}\\.\\d{2}-\\d{2}\\.\\d{2}\\.\\d{2}/[^/]+/artifacts\\.tar\\.gz)");

    /** An operation under test, run on a store whose storage has the fault. */
    private interface Operation {
        void run(ModelStore store, Path work) throws Exception;
    }

    /** What must hold after the operation, on a fresh store, given how it ended. */
    private interface Check {
        void check(ModelStore fresh, Path work, Outcome outcome) throws Exception;
    }

    /** How the operation ended under the fault: the error it threw, or null. */
    private record Outcome(ModelStoreException error, Call call, Fault fault) {
        boolean failed() {
            return error != null;
        }
    }

    @TestFactory
    Stream<DynamicTest> anUploadUnderAnyFaultLosesNothing() {
        return scenario(
                "upload", (store, work) -> store.upload(upload("model-c", work, "C")), (fresh, work, outcome) -> {
                    // Its writes are create-new, or the pointer, whose failure it survives: a write that went through
                    // and
                    // only lost its answer is found to be its own, and counts as done.
                    assertThat(outcome.failed() && outcome.call() == Call.WRITE && outcome.fault() == Fault.FAIL_AFTER)
                            .as(
                                    "an upload whose write went through but lost its answer counts it as done, but: %s",
                                    outcome.failed() ? outcome.error().getMessage() : "")
                            .isFalse();
                    List<String> listed = fresh.listModels(DOMAIN);
                    assertThat(listed).contains("model-a", "model-b");
                    if (!outcome.failed()) {
                        assertThat(listed).startsWith("model-c");
                    }
                    if (!listed.contains("model-c")) {
                        fresh.upload(upload("model-c", work, "C")); // the id is not burnt: the retry commits it
                    }
                    assertThat(fresh.listModels(DOMAIN)).containsExactly("model-c", "model-b", "model-a");
                    // The pointer may lag after a failure past the commit point, but only behind a committed model.
                    assertThat(fresh.getDomain(DOMAIN).modelId()).isIn("model-c", "model-b");
                    fresh.upload(upload("model-d", work, "D"));
                    assertThat(fresh.getDomain(DOMAIN).modelId()).isEqualTo("model-d");
                });
    }

    @TestFactory
    Stream<DynamicTest> aDeleteUnderAnyFaultCanBeFinishedByARetry() {
        return scenario("delete", (store, work) -> store.deleteModel(DOMAIN, "model-b"), (fresh, work, outcome) -> {
            if (outcome.failed()) {
                try {
                    fresh.deleteModel(DOMAIN, "model-b");
                } catch (ModelDeletedException e) {
                    // the first attempt got past the commit point; the retry finished the rest
                }
            }
            assertThat(fresh.listModels(DOMAIN)).containsExactly("model-a");
            assertThatThrownBy(() -> fresh.getModelInfo(DOMAIN, "model-b")).isInstanceOf(ModelDeletedException.class);
            assertThat(fresh.getModelStates(DOMAIN, "model-a")).isEmpty();
            assertThat(fresh.listModels(DOMAIN, "production")).isEmpty();
            Set<String> keys = keys(fresh.storage());
            assertThat(keys).noneMatch(k -> k.contains("/model-b/") || k.endsWith("/production/model-b.json"));
            // Python reads the pointer as it is: it must name a live model.
            assertThat(pointer(fresh.storage())).contains("\"model-a\"").doesNotContain("\"model-b\"");
        });
    }

    @TestFactory
    Stream<DynamicTest> aStateChangeUnderAnyFaultCanBeRetried() {
        return scenario(
                "set state",
                (store, work) -> store.setModelState(DOMAIN, "model-a", "production"),
                (fresh, work, outcome) -> {
                    if (outcome.failed()) {
                        fresh.setModelState(DOMAIN, "model-a", "production");
                    }
                    assertThat(fresh.listModels(DOMAIN, "production")).containsExactlyInAnyOrder("model-a", "model-b");
                });
    }

    @TestFactory
    Stream<DynamicTest> aDownloadUnderAnyFaultLeavesNothingHalfWritten() {
        AtomicReference<Path> target = new AtomicReference<>();
        return scenario(
                "download",
                (store, work) -> {
                    target.set(work.resolve("target"));
                    store.download(target.get(), DOMAIN);
                },
                (fresh, work, outcome) -> {
                    Path into = work.resolve("target");
                    if (outcome.failed()) {
                        assertThat(!Files.exists(into) || isEmpty(into))
                                .as("nothing extracted")
                                .isTrue();
                        fresh.download(into, DOMAIN);
                    }
                    assertThat(into.resolve("model.bin")).hasContent("B");
                });
    }

    @org.junit.jupiter.api.Test
    void aDownloadCutShortEveryTimeIsATransferErrorNotCorruption() throws Exception {
        Path work = Files.createTempDirectory(tmp, "cut");
        Storage raw = baseline(work);
        assertCutShortEveryTimeIsTransient(raw, work.resolve("target"), "model-b", 1);
        raw.close();
    }

    @org.junit.jupiter.api.Test
    void aLargeDownloadCutShortEveryTimeIsATransferErrorNotCorruption() throws Exception {
        // 20 MB: read ahead in a second thread, whose failure must reach the reader as it was, not as a bad digest.
        Path work = Files.createTempDirectory(tmp, "cut-large");
        Storage raw = createStorage();
        byte[] model = new byte[20_000_000];
        new java.util.Random(20).nextBytes(model);
        Path file = Files.write(Files.createDirectories(work.resolve("source")).resolve("model.bin"), model);
        store(raw, 0)
                .upload(UploadRequest.builder(DOMAIN)
                        .file(file)
                        .modelId("model-large")
                        .build());
        assertCutShortEveryTimeIsTransient(raw, work.resolve("target"), "model-large", 1 << 20);
        raw.close();
    }

    /** Every read of an archive stops after {@code bytes}, however often it is resumed: a transfer error, never corruption. */
    private void assertCutShortEveryTimeIsTransient(Storage raw, Path target, String modelId, long bytes)
            throws IOException {
        Storage cutting = new io.modelstore.spi.ForwardingStorage(raw) {
            @Override
            public InputStream read(String key) {
                return read(key, 0);
            }

            @Override
            public InputStream read(String key, long offset) {
                InputStream in = super.read(key, offset);
                return key.endsWith("/artifacts.tar.gz") ? FaultyStorage.cutShort(in, bytes) : in;
            }
        };
        assertThatThrownBy(() -> store(cutting, 30).download(target, DOMAIN, modelId))
                .isInstanceOfSatisfying(
                        io.modelstore.spi.StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(io.modelstore.spi.StorageException.Reason.TRANSIENT))
                .hasMessageContaining("stopped at byte")
                .hasMessageContaining("the archive is not known to be damaged. Nothing was extracted. Try again.")
                .hasMessageNotContaining("corrupt");
        assertThat(!Files.exists(target) || isEmpty(target))
                .as("nothing extracted")
                .isTrue();
    }

    @org.junit.jupiter.api.Test
    void aPointerThatCannotBeReadIsNeverReplacedByAnOlderModel() throws Exception {
        Path work = Files.createTempDirectory(tmp, "older");
        Storage raw = baseline(work); // model-b, the newer, is the pointer's
        // An upload dated before model-b, whose read of the pointer fails: it must not take the pointer back.
        FaultyStorage faulty = FaultyStorage.injecting(raw, Call.READ, 1, Fault.FAIL_BEFORE);
        store(faulty, 5).upload(upload("model-old", work, "old"));
        assertThat(faulty.injected()).isTrue();
        assertThat(pointer(raw)).contains("\"model-b\"").doesNotContain("\"model-old\"");
        raw.close();
    }

    @org.junit.jupiter.api.Test
    void aPointerWriteThatTheClientRetriedIsNotMadeAgain() throws Exception {
        Path work = Files.createTempDirectory(tmp, "retried");
        Storage raw = baseline(work);
        FaultyStorage counting = FaultyStorage.counting(raw);
        store(counting, 20).upload(upload("model-c", work, "C"));
        int writes = counting.count(Call.WRITE);
        raw.close();

        // The pointer write is the upload's last: its answer is lost and the client sends it again, which then fails
        // its condition. The upload reads the pointer, finds its own model there, and writes no more.
        raw = baseline(work);
        FaultyStorage faulty = FaultyStorage.injecting(raw, Call.WRITE, writes, Fault.REPEAT);
        store(faulty, 20).upload(upload("model-c", work, "C"));
        assertThat(faulty.injectedKey()).endsWith("/domains/" + DOMAIN + ".json");
        assertThat(faulty.count(Call.WRITE)).isEqualTo(writes);
        assertThat(pointer(raw)).contains("\"model-c\"");
        raw.close();
    }

    @org.junit.jupiter.api.Test
    void anArchiveDeletedDuringItsDownloadIsReportedAsDeletedNotAsANetworkFailure() throws Exception {
        Path work = Files.createTempDirectory(tmp, "deleted");
        Storage raw = baseline(work);
        Storage deleting = new io.modelstore.spi.ForwardingStorage(raw) {
            @Override
            public InputStream read(String key) {
                InputStream in = super.read(key);
                if (key.endsWith("/artifacts.tar.gz")) {
                    super.delete(key); // a concurrent delete, while the stream is cut
                    return FaultyStorage.cutShort(in, 1);
                }
                return in;
            }
        };
        assertThatThrownBy(() -> store(deleting, 30).download(work.resolve("target"), DOMAIN))
                .isInstanceOfSatisfying(
                        io.modelstore.spi.StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(io.modelstore.spi.StorageException.Reason.BLOB_NOT_FOUND))
                .hasMessageContaining("was deleted while it was downloaded");
        raw.close();
    }

    // ------------------------------------------------------------------ the harness

    private Stream<DynamicTest> scenario(String name, Operation operation, Check check) {
        Map<Call, Integer> counts = countCalls(operation);
        List<DynamicTest> tests = new ArrayList<>();
        for (Call call : Call.values()) {
            if (!calls().contains(call)) {
                continue;
            }
            for (int n = 1; n <= counts.get(call); n++) {
                for (Fault fault : Fault.values()) {
                    if (fault == Fault.CUT_SHORT && call != Call.READ) {
                        continue;
                    }
                    int nth = n;
                    tests.add(DynamicTest.dynamicTest(
                            name + ": " + fault + " of " + call + " #" + nth,
                            () -> run(operation, check, call, nth, fault)));
                }
            }
        }
        if (tests.isEmpty()) {
            tests.add(DynamicTest.dynamicTest(
                    name,
                    () -> Assumptions.abort(name + " makes none of the calls " + calls()
                            + " that this backend's test injects faults into")));
        }
        return tests.stream();
    }

    private Map<Call, Integer> countCalls(Operation operation) {
        try {
            Path work = Files.createTempDirectory(tmp, "count");
            Storage raw = baseline(work);
            FaultyStorage counting = FaultyStorage.counting(raw);
            operation.run(store(counting, 30), work);
            Map<Call, Integer> counts = new LinkedHashMap<>();
            for (Call call : Call.values()) {
                counts.put(call, counting.count(call));
            }
            raw.close();
            return counts;
        } catch (Exception e) {
            throw new AssertionError("The operation fails without a fault", e);
        }
    }

    private void run(Operation operation, Check check, Call call, int nth, Fault fault) throws Exception {
        Path work = Files.createTempDirectory(tmp, "run");
        Storage raw = baseline(work);
        FaultyStorage faulty = FaultyStorage.injecting(raw, call, nth, fault);
        ModelStoreException error = null;
        try {
            operation.run(store(faulty, 30), work);
        } catch (ModelStoreException e) {
            error = e;
            // A repeated call is a lost response that the client retried: it must never surface; nor must an archive
            // download cut short, which is resumed.
            assertThat(fault)
                    .as("a repeated " + call + " must be harmless, but: " + e.getMessage())
                    .isNotEqualTo(Fault.REPEAT);
            assertThat(fault == Fault.CUT_SHORT && faulty.injectedKey().endsWith("/artifacts.tar.gz"))
                    .as("a cut-short archive read is resumed, but: " + e.getMessage())
                    .isFalse();
            if (fault == Fault.OUTAGE) {
                // What failed first is what the user must hear of, not a check that failed after it.
                String first = "Injected fault: " + call + " of " + faulty.injectedKey() + " failed before it acted.";
                assertThat(causes(e))
                        .as("the error names the request that failed first")
                        .anyMatch(m -> m.contains(first));
            }
        }
        assertThat(faulty.injected()).isTrue();
        ModelStore fresh = store(raw, 40);
        for (String id : fresh.listModels(DOMAIN)) {
            Path into = Files.createTempDirectory(work, "listed");
            fresh.download(into, DOMAIN, id);
            assertThat(into.resolve("model.bin"))
                    .as("listed model " + id + " downloads")
                    .exists();
        }
        check.check(fresh, work, new Outcome(error, call, fault));
        // A repair leaves nothing behind, and the pointer on the newest model.
        Set<String> live = new HashSet<>(fresh.listModels(DOMAIN));
        fresh.check(true, Duration.ZERO);
        assertThat(fresh.check(false, Duration.ZERO).findings())
                .filteredOn(f -> f.kind() != Kind.LOCAL_TEMPORARY_FILE)
                .as("after a repair")
                .isEmpty();
        assertThat(fresh.listModels(DOMAIN)).as("a repair removes no model").containsExactlyInAnyOrderElementsOf(live);
        assertThat(pointer(raw)).contains("\"" + fresh.listModels(DOMAIN).get(0) + "\"");
        assertThat(keys(raw)).allSatisfy(k -> assertThat(k).matches(PYTHON_LAYOUT));
        raw.close();
    }

    private static List<String> causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }

    /** Two models in a domain, the newer one in production. */
    private Storage baseline(Path work) throws Exception {
        Storage raw = createStorage();
        ModelStore setUp = store(raw, 0);
        setUp.createModelState("production");
        setUp.upload(upload("model-a", work, "A"));
        store(raw, 10).upload(upload("model-b", work, "B"));
        setUp.setModelState(DOMAIN, "model-b", "production");
        return raw;
    }

    private static ModelStore store(Storage storage, int seconds) {
        return ModelStore.builder(storage)
                .clock(Clock.fixed(START.plusSeconds(seconds), ZoneOffset.UTC))
                .build();
    }

    private static UploadRequest upload(String id, Path work, String content) throws IOException {
        Path dir = Files.createDirectories(work.resolve("source-" + id + "-" + System.nanoTime()));
        Path file = Files.writeString(dir.resolve("model.bin"), content);
        return UploadRequest.builder(DOMAIN).file(file).modelId(id).build();
    }

    private static Set<String> keys(Storage storage) {
        try (Stream<BlobInfo> all = storage.list("")) {
            return all.map(BlobInfo::key).collect(Collectors.toSet());
        }
    }

    private static String pointer(Storage storage) {
        try (InputStream in = storage.read("operatorai-model-store/domains/" + DOMAIN + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

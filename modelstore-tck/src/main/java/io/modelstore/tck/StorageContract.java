package io.modelstore.tck;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The blob contract that every {@link Storage} passes: write, read, stat, delete, conditional create and
 * compare-and-swap raced by many threads, listing across pages, and streams larger than any buffer.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class StorageContract {

    /** For the subclasses. */
    protected StorageContract() {
    }

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    /**
     * Whether the server checks {@code If-Match} and writes in one atomic step, as AWS S3, GCS, Azure and the file
     * system do. A test server that checks and then writes (S3Proxy 4.1) returns false, which skips only the
     * test that races compare-and-swap; its single-threaded semantics are still tested.
     */
    protected boolean atomicCompareAndSwap() {
        return true;
    }

    /**
     * Whether two streamed writes of one key may be open at once, each with its own pieces, as every real service
     * allows. False only for a test server that keeps every upload's pieces of a key in one place (S3Proxy in front
     * of Azure), which skips the test that interleaves two such writes.
     */
    protected boolean separateStreamedWritesOfOneKey() {
        return true;
    }

    /** How many threads race in the concurrency tests. */
    protected int writers() {
        return 16;
    }

    private Storage storage;

    @TempDir
    protected Path tmp;

    @BeforeEach
    void openStorage() throws Exception {
        storage = createStorage();
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    protected Storage storage() {
        return storage;
    }

    @Test
    void writesReadsStatsAndDeletes() throws IOException {
        byte[] content = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThat(storage.write("tck/one.json", content, WriteCondition.always())).isTrue();

        assertThat(read("tck/one.json")).isEqualTo(content);
        BlobInfo info = storage.stat("tck/one.json").orElseThrow();
        assertThat(info.key()).isEqualTo("tck/one.json");
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.version()).isNotBlank();

        assertThat(storage.delete("tck/one.json")).isTrue();
        assertThat(storage.stat("tck/one.json")).isEmpty();
        assertThat(storage.delete("tck/one.json")).isFalse();
    }

    @Test
    void aReadResumesFromAnOffset() throws IOException {
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        Path file = Files.write(tmp.resolve("ranged.bin"), content);
        assertThat(storage.write("tck/ranged.bin", file, WriteCondition.always())).isTrue();
        for (int offset : new int[] {0, 1, 12_345, content.length - 1}) {
            try (InputStream in = storage.read("tck/ranged.bin", offset)) {
                assertThat(in.readAllBytes()).as("from byte %d", offset)
                        .isEqualTo(java.util.Arrays.copyOfRange(content, offset, content.length));
            }
        }
        assertThatThrownBy(() -> storage.read("tck/missing.bin", 10)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void overwritingReplacesContentAndVersion() throws IOException {
        storage.write("tck/v.json", bytes("first"), WriteCondition.always());
        String first = storage.stat("tck/v.json").orElseThrow().version();
        storage.write("tck/v.json", bytes("second, longer"), WriteCondition.always());

        assertThat(read("tck/v.json")).isEqualTo(bytes("second, longer"));
        assertThat(storage.stat("tck/v.json").orElseThrow().version()).isNotEqualTo(first);
    }

    @Test
    void missingKeysAreReportedAsMissing() {
        assertThat(storage.stat("tck/missing.json")).isEmpty();
        assertThatThrownBy(() -> storage.read("tck/missing.json"))
                .isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("tck/missing.json");
        assertThat(storage.delete("tck/missing.json")).isFalse();
        try (Stream<BlobInfo> none = storage.list("tck/nothing-here/")) {
            assertThat(none).isEmpty();
        }
    }

    @Test
    void createIfAbsentWritesOnlyOnce() throws IOException {
        assertThat(storage.write("tck/claim.json", bytes("mine"), WriteCondition.ifAbsent())).isTrue();
        assertThat(storage.write("tck/claim.json", bytes("theirs"), WriteCondition.ifAbsent())).isFalse();
        assertThat(read("tck/claim.json")).isEqualTo(bytes("mine"));

        Path file = Files.write(tmp.resolve("file.bin"), bytes("from a file"));
        assertThat(storage.write("tck/claim.json", file, WriteCondition.ifAbsent())).isFalse();
        assertThat(storage.write("tck/file.bin", file, WriteCondition.ifAbsent())).isTrue();
        assertThat(read("tck/file.bin")).isEqualTo(bytes("from a file"));
    }

    @Test
    void ifMatchReplacesOnlyTheVersionSeen() throws IOException {
        storage.write("tck/latest.json", bytes("v1"), WriteCondition.always());
        String v1 = storage.stat("tck/latest.json").orElseThrow().version();

        assertThat(storage.write("tck/latest.json", bytes("v2"), WriteCondition.ifMatch(v1))).isTrue();
        assertThat(storage.write("tck/latest.json", bytes("stale"), WriteCondition.ifMatch(v1))).isFalse();
        assertThat(read("tck/latest.json")).isEqualTo(bytes("v2"));
        assertThat(storage.write("tck/absent.json", bytes("x"), WriteCondition.ifMatch(v1))).isFalse();
        assertThat(storage.stat("tck/absent.json")).isEmpty();
    }

    @Test
    void conditionalCreateRacedByManyThreadsHasExactlyOneWinner() throws Exception {
        int n = writers();
        List<Boolean> results = race(n, i -> storage.write("tck/race.json", bytes("writer-" + i), WriteCondition.ifAbsent()));

        assertThat(results.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
        int winner = results.indexOf(true);
        assertThat(read("tck/race.json")).isEqualTo(bytes("writer-" + winner));
    }

    @Test
    void compareAndSwapRacedByManyThreadsLosesNoUpdate() throws Exception {
        assumeTrue(atomicCompareAndSwap(), "this test server checks If-Match and writes in two steps");
        storage.write("tck/counter", bytes("0"), WriteCondition.always());
        int n = Math.min(writers(), 8);
        int increments = 5;
        long deadline = System.nanoTime() + 120_000_000_000L;
        race(n, i -> {
            for (int done = 0; done < increments; ) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("writer " + i + " made only " + done + " of " + increments
                            + " compare-and-swap increments in 120 s: if-match writes never succeed");
                }
                String version = storage.stat("tck/counter").orElseThrow().version();
                int value = Integer.parseInt(new String(read("tck/counter"), StandardCharsets.UTF_8));
                if (storage.write("tck/counter", bytes(String.valueOf(value + 1)), WriteCondition.ifMatch(version))) {
                    done++;
                }
            }
            return true;
        });
        assertThat(new String(read("tck/counter"), StandardCharsets.UTF_8)).isEqualTo(String.valueOf(n * increments));
    }

    @Test
    void listsPastOneThousandKeysInKeyOrder() {
        int count = 1_050;
        List<String> expected = IntStream.range(0, count).mapToObj(i -> String.format("tck/many/k%05d.json", i))
                .collect(Collectors.toList());
        parallel(expected, key -> storage.write(key, bytes(key), WriteCondition.always()));
        storage.write("tck/many-but-not-below.json", bytes("x"), WriteCondition.always());
        storage.write("tck/other/k.json", bytes("x"), WriteCondition.always());

        try (Stream<BlobInfo> listed = storage.list("tck/many/")) {
            assertThat(listed.map(BlobInfo::key).collect(Collectors.toList())).isEqualTo(expected);
        }
    }

    @Test
    void listsByStringPrefixAcrossDirectories() {
        for (String key : List.of("tck/a/b.json", "tck/a/bc/d.json", "tck/ab.json", "tck/b.json")) {
            storage.write(key, bytes(key), WriteCondition.always());
        }
        assertThat(keys("tck/a/")).containsExactly("tck/a/b.json", "tck/a/bc/d.json");
        assertThat(keys("tck/a/b")).containsExactly("tck/a/b.json", "tck/a/bc/d.json");
        assertThat(keys("tck/a")).containsExactly("tck/a/b.json", "tck/a/bc/d.json", "tck/ab.json");
        BlobInfo listed = keysInfo("tck/b.json").get(0);
        assertThat(listed.size()).isEqualTo(bytes("tck/b.json").length);
        assertThat(listed.version()).isEqualTo(storage.stat("tck/b.json").orElseThrow().version());
    }

    @Test
    void keysWithSpacesAndUnicodeRoundTrip() throws IOException {
        String key = "tck/my domain/modèle ünïcode.json";
        storage.write(key, bytes("ok"), WriteCondition.always());
        assertThat(read(key)).isEqualTo(bytes("ok"));
        assertThat(keys("tck/my domain/")).containsExactly(key);
    }

    @Test
    void streamsLargerThanAnyBufferRoundTrip() throws IOException {
        Path big = tmp.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < largeBlobMiB(); i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        assertThat(storage.write("tck/big.bin", big, WriteCondition.ifAbsent())).isTrue();
        assertThat(storage.stat("tck/big.bin").orElseThrow().size()).isEqualTo(Files.size(big));
        Path back = tmp.resolve("back.bin");
        try (InputStream in = storage.read("tck/big.bin")) {
            Files.copy(in, back);
        }
        assertThat(Files.mismatch(big, back)).isEqualTo(-1L);
    }

    @Test
    void aStreamedWriteIsInvisibleUntilCommittedThenWhole() throws IOException {
        byte[] content = randomBytes(largeBlobMiB() << 20, 7);
        try (BlobOutput out = storage.openWrite("tck/streamed.bin", WriteCondition.ifAbsent())) {
            for (int at = 0; at < content.length; at += 100_000) {
                out.write(content, at, Math.min(100_000, content.length - at)); // not aligned to any part size
                if (at == 0) {
                    out.write(content, 0, 0);
                }
            }
            assertThat(storage.stat("tck/streamed.bin")).as("nothing visible before the commit").isEmpty();
            assertThat(out.commit()).isTrue();
        }
        assertThat(read("tck/streamed.bin")).isEqualTo(content);
        assertThat(storage.leftovers("tck/", Instant.now().plusSeconds(3600))).as("nothing staged is left").isEmpty();
    }

    @Test
    void aStreamedWriteKeepsItsCondition() throws IOException {
        storage.write("tck/taken.txt", bytes("first"), WriteCondition.ifAbsent());
        String version = storage.stat("tck/taken.txt").orElseThrow().version();
        try (BlobOutput out = storage.openWrite("tck/taken.txt", WriteCondition.ifAbsent())) {
            out.write(bytes("second"));
            assertThat(out.commit()).isFalse();
        }
        try (BlobOutput out = storage.openWrite("tck/taken.txt", WriteCondition.ifMatch("not-" + version))) {
            out.write(bytes("third"));
            assertThat(out.commit()).isFalse();
        }
        assertThat(read("tck/taken.txt")).isEqualTo(bytes("first"));
        try (BlobOutput out = storage.openWrite("tck/taken.txt", WriteCondition.ifMatch(version))) {
            out.write(bytes("fourth"));
            assertThat(out.commit()).isTrue();
        }
        assertThat(read("tck/taken.txt")).isEqualTo(bytes("fourth"));
        try (BlobOutput out = storage.openWrite("tck/empty.txt", WriteCondition.ifAbsent())) {
            assertThat(out.commit()).isTrue();
        }
        assertThat(storage.stat("tck/empty.txt").orElseThrow().size()).isZero();
    }

    @Test
    void aStreamedWriteClosedWithoutCommitLeavesNothing() throws IOException {
        storage.write("tck/kept.txt", bytes("kept"), WriteCondition.ifAbsent());
        byte[] content = randomBytes(largeBlobMiB() << 20, 8);
        for (String key : List.of("tck/abandoned.bin", "tck/kept.txt")) {
            try (BlobOutput out = storage.openWrite(key, WriteCondition.always())) {
                out.write(content); // enough for parts or blocks to have gone out
            }
        }
        assertThat(storage.stat("tck/abandoned.bin")).isEmpty();
        assertThat(read("tck/kept.txt")).isEqualTo(bytes("kept"));
        assertThat(storage.leftovers("tck/", Instant.now().plusSeconds(3600)))
                .as("no temporary file, unfinished multipart upload or uncommitted block is left").isEmpty();
    }

    @Test
    void aLargeStreamedWriteKeepsItsConditionWheneverTheKeyIsTaken() throws IOException {
        byte[] content = randomBytes(largeBlobMiB() << 20, 9); // enough for parts or blocks to have gone out
        storage.write("tck/taken.bin", bytes("first"), WriteCondition.ifAbsent());
        String version = storage.stat("tck/taken.bin").orElseThrow().version();
        for (WriteCondition condition : List.of(WriteCondition.ifAbsent(), WriteCondition.ifMatch("not-" + version))) {
            try (BlobOutput out = storage.openWrite("tck/taken.bin", condition)) {
                out.write(content);
                assertThat(out.commit()).as("%s", condition).isFalse();
            }
        }
        assertThat(read("tck/taken.bin")).isEqualTo(bytes("first"));
        // Another create while the write is under way: exactly one of the two wins, and the blob is the winner's. (Most
        // services let the other create win and refuse the commit; Azurite sometimes counts the staged blocks as the
        // blob and refuses the other create instead.)
        boolean other;
        boolean streamed;
        try (BlobOutput out = storage.openWrite("tck/raced.bin", WriteCondition.ifAbsent())) {
            out.write(content);
            other = storage.write("tck/raced.bin", bytes("winner"), WriteCondition.ifAbsent());
            streamed = out.commit();
        }
        assertThat(other ^ streamed).as("exactly one create wins (other: %s, streamed: %s)", other, streamed).isTrue();
        assertThat(read("tck/raced.bin")).isEqualTo(streamed ? content : bytes("winner"));
        try (BlobOutput out = storage.openWrite("tck/taken.bin", WriteCondition.ifMatch(version))) {
            out.write(content);
            assertThat(out.commit()).isTrue();
        }
        assertThat(read("tck/taken.bin")).isEqualTo(content);
    }

    @Test
    void twoLargeStreamedWritesOfOneKeyHaveOneWinnerAndNeverMix() throws IOException {
        assumeTrue(separateStreamedWritesOfOneKey(), "this test server mixes the parts of two uploads of one key");
        byte[] first = randomBytes(largeBlobMiB() << 20, 10);
        byte[] second = randomBytes((largeBlobMiB() << 20) + 1, 11);
        try (BlobOutput a = storage.openWrite("tck/both.bin", WriteCondition.ifAbsent());
             BlobOutput b = storage.openWrite("tck/both.bin", WriteCondition.ifAbsent())) {
            a.write(first);
            b.write(second);
            assertThat(a.commit()).isTrue();
            assertThat(b.commit()).isFalse();
        }
        assertThat(read("tck/both.bin")).isEqualTo(first);
    }

    /**
     * For a backend's own tests: a streamed write of {@code size} random bytes to {@code key} fails as
     * {@code expected} (the failure of a whole write of that key) did, with the same reason and message.
     */
    protected static void assertStreamedWriteFailsAs(Storage storage, String key, int size, Throwable expected) {
        assertThat(expected).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> {
            try (BlobOutput out = storage.openWrite(key, WriteCondition.ifAbsent())) {
                out.write(randomBytes(size, 12));
                out.commit();
            }
        }).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.reason()).isEqualTo(((StorageException) expected).reason()))
                .hasMessage(expected.getMessage());
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Size of the large-blob test; a backend whose multipart threshold is higher may raise it. */
    protected int largeBlobMiB() {
        return 12;
    }

    // ------------------------------------------------------------------ helpers

    protected byte[] read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    private List<String> keys(String prefix) {
        return keysInfo(prefix).stream().map(BlobInfo::key).collect(Collectors.toList());
    }

    private List<BlobInfo> keysInfo(String prefix) {
        try (Stream<BlobInfo> listed = storage.list(prefix)) {
            return listed.collect(Collectors.toList());
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    interface Action<T> {
        T run(int writer) throws Exception;
    }

    /** Runs {@code n} writers released at the same moment; returns their results in writer order. */
    static <T> List<T> race(int n, Action<T> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int writer = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return action.run(writer);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> void parallel(List<T> items, java.util.function.Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = items.stream().map(i -> pool.submit(() -> action.accept(i))).collect(Collectors.toList());
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

}

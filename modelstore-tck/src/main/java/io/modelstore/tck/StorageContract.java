package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The blob contract that every {@link Storage} passes: write, read, stat, delete, conditional create and
 * compare-and-swap raced by many threads, listing across pages, and streams larger than any buffer. It includes
 * {@link StreamedWriteContract}, the streamed writes ({@link Storage#openWrite}), kept in a file of its own.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class StorageContract extends StreamedWriteContract {

    /** For the subclasses. */
    protected StorageContract() {}

    /**
     * Whether the server checks {@code If-Match} and writes in one atomic step, as AWS S3, GCS, Azure and the file
     * system do. A test server that checks and then writes (S3Proxy 4.1) returns false, which skips only the
     * test that races compare-and-swap; its single-threaded semantics are still tested.
     */
    protected boolean atomicCompareAndSwap() {
        return true;
    }

    /** How many threads race in the concurrency tests. */
    protected int writers() {
        return 16;
    }

    @Test
    void writesReadsStatsAndDeletes() throws IOException {
        byte[] content = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThat(storage.write("tck/one.json", content, WriteCondition.always()))
                .isTrue();

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
        assertThat(storage.write("tck/ranged.bin", file, WriteCondition.always()))
                .isTrue();
        for (int offset : new int[] {0, 1, 12_345, content.length - 1}) {
            try (InputStream in = storage.read("tck/ranged.bin", offset)) {
                assertThat(in.readAllBytes())
                        .as("from byte %d", offset)
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
        assertThat(storage.write("tck/claim.json", bytes("mine"), WriteCondition.ifAbsent()))
                .isTrue();
        assertThat(storage.write("tck/claim.json", bytes("theirs"), WriteCondition.ifAbsent()))
                .isFalse();
        assertThat(read("tck/claim.json")).isEqualTo(bytes("mine"));

        Path file = Files.write(tmp.resolve("file.bin"), bytes("from a file"));
        assertThat(storage.write("tck/claim.json", file, WriteCondition.ifAbsent()))
                .isFalse();
        assertThat(storage.write("tck/file.bin", file, WriteCondition.ifAbsent()))
                .isTrue();
        assertThat(read("tck/file.bin")).isEqualTo(bytes("from a file"));
    }

    @Test
    void ifMatchReplacesOnlyTheVersionSeen() throws IOException {
        storage.write("tck/latest.json", bytes("v1"), WriteCondition.always());
        String v1 = storage.stat("tck/latest.json").orElseThrow().version();

        assertThat(storage.write("tck/latest.json", bytes("v2"), WriteCondition.ifMatch(v1)))
                .isTrue();
        assertThat(storage.write("tck/latest.json", bytes("stale"), WriteCondition.ifMatch(v1)))
                .isFalse();
        assertThat(read("tck/latest.json")).isEqualTo(bytes("v2"));
        assertThat(storage.write("tck/absent.json", bytes("x"), WriteCondition.ifMatch(v1)))
                .isFalse();
        assertThat(storage.stat("tck/absent.json")).isEmpty();
    }

    @Test
    void conditionalCreateRacedByManyThreadsHasExactlyOneWinner() throws Exception {
        int n = writers();
        List<Boolean> results =
                Races.race(n, i -> storage.write("tck/race.json", bytes("writer-" + i), WriteCondition.ifAbsent()));

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
        Races.race(n, i -> {
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
        List<String> expected = IntStream.range(0, count)
                .mapToObj(i -> String.format("tck/many/k%05d.json", i))
                .collect(Collectors.toList());
        Races.parallel(expected, key -> storage.write(key, bytes(key), WriteCondition.always()));
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
        assertThat(listed.version())
                .isEqualTo(storage.stat("tck/b.json").orElseThrow().version());
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

    // ------------------------------------------------------------------ helpers

    private List<String> keys(String prefix) {
        return keysInfo(prefix).stream().map(BlobInfo::key).collect(Collectors.toList());
    }

    private List<BlobInfo> keysInfo(String prefix) {
        try (Stream<BlobInfo> listed = storage.list(prefix)) {
            return listed.collect(Collectors.toList());
        }
    }
}

package io.modelstore.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdaptiveGzipOutputStreamTest {

    private static final int WINDOW = AdaptiveGzipOutputStream.WINDOW;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(int size) {
        byte[] line = "the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = line[i % line.length];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Gzips {@code input}, written in pieces of {@code piece} bytes so that windows end inside writes. */
    private static Gzipped gzip(byte[] input, int level, int piece) throws IOException {
        return gzip(input, level, piece, Long.MAX_VALUE);
    }

    /** As {@link #gzip(byte[], int, int)}, its windows in {@code share} bytes of heap. */
    private static Gzipped gzip(byte[] input, int level, int piece, long share) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(out, level, input.length, share);
        for (int off = 0; off < input.length; off += piece) {
            gzip.write(input, off, Math.min(piece, input.length - off));
        }
        gzip.close();
        return new Gzipped(out.toByteArray(), gzip.windowsStored(), gzip.windows());
    }

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record Gzipped(byte[] bytes, int windowsStored, int windows) {}

    /** Reads exactly one gzip member: a stream of several members, or one with bytes after it, is refused. */
    private static byte[] gunzipOneMember(byte[] gz) throws IOException {
        try (InputStream in = GzipCompressorInputStream.builder()
                .setInputStream(new ByteArrayInputStream(gz))
                .setDecompressConcatenated(false)
                .get()) {
            byte[] content = in.readAllBytes();
            try (InputStream all = GzipCompressorInputStream.builder()
                    .setInputStream(new ByteArrayInputStream(gz))
                    .setDecompressConcatenated(true)
                    .get()) {
                assertThat(all.readAllBytes()).as("one member holds everything").hasSize(content.length);
            }
            return content;
        }
    }

    @Test
    void windowsComputedOnSeveralThreadsComeOutInOrderAsOneGzipMember() throws IOException {
        // Each window differs from its neighbours, so a window out of place or lost changes the content.
        byte[] input = concat(
                text(3 * WINDOW + 12_345),
                random(2 * WINDOW, 1),
                text(WINDOW / 3),
                random(5 * WINDOW + 7, 2),
                text(4 * WINDOW));
        Gzipped gz = gzip(input, 1, 10_240);
        assertThat(gunzipOneMember(gz.bytes())).isEqualTo(input);
        try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(gz.bytes()))) {
            assertThat(jdk.readAllBytes()).isEqualTo(input);
        }
    }

    @Test
    void onASmallHeapShareOneWindowIsInFlightAndTheArchiveIsWhole() throws IOException {
        byte[] input = concat(text(3 * WINDOW + 12_345), random(2 * WINDOW, 1), text(4 * WINDOW));
        Gzipped small = gzip(input, 1, 10_240, 4L << 20); // the archive's share on -Xmx64m
        Gzipped large = gzip(input, 1, 10_240, Long.MAX_VALUE);
        assertThat(small.windows()).isEqualTo(1);
        assertThat(large.windows()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(gunzipOneMember(small.bytes())).isEqualTo(input);
        assertThat(small.windowsStored())
                .as("the random part stored all the same")
                .isPositive();
    }

    @Test
    void randomWindowsAreStoredAndTextIsCompressed() throws IOException {
        byte[] weights = random(12 * WINDOW, 3);
        Gzipped stored = gzip(weights, 1, 65_536);
        assertThat(stored.windowsStored()).as("windows stored").isGreaterThanOrEqualTo(8);
        assertThat(stored.bytes().length).as("framing only").isBetween(weights.length, weights.length + (64 << 10));
        assertThat(gunzipOneMember(stored.bytes())).isEqualTo(weights);

        byte[] text = text(6 * WINDOW);
        Gzipped compressed = gzip(text, 1, 65_536);
        assertThat(compressed.windowsStored()).isZero();
        assertThat(compressed.bytes().length).isLessThan(text.length / 50);
        assertThat(gunzipOneMember(compressed.bytes())).isEqualTo(text);
    }

    @Test
    void textAfterRandomDataIsFoundAndCompressedAgain() throws IOException {
        byte[] input = concat(random(10 * WINDOW, 4), text(40 * WINDOW));
        Gzipped gz = gzip(input, 1, 1 << 20);
        // The random part is stored; a probe after 8 stored windows finds the text, and from then on it shrinks
        // (a window or two more are stored while the probe is out).
        assertThat(gz.windowsStored()).isBetween(7, 12);
        assertThat(gz.bytes().length).isBetween(10 * WINDOW, 13 * WINDOW);
        assertThat(gunzipOneMember(gz.bytes())).isEqualTo(input);
    }

    @Test
    void eachWindowIsPrimedWithTheEndOfTheOneBeforeSoTheRatioIsThatOfOneStream() throws IOException {
        // 16 KiB of random bytes, repeated: within a window only the first copy costs anything. A window that did not
        // see the one before it would pay for its first copy again, 8 times over.
        byte[] unit = random(16 << 10, 5);
        byte[] input = new byte[8 * WINDOW];
        for (int off = 0; off < input.length; off += unit.length) {
            System.arraycopy(unit, 0, input, off, unit.length);
        }
        ByteArrayOutputStream oneStream = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(oneStream) {
            {
                def.setLevel(1);
            }
        }) {
            gzip.write(input);
        }
        Gzipped gz = gzip(input, 1, 10_240);
        assertThat(gz.bytes().length).isLessThan(oneStream.size() + unit.length);
        assertThat(gunzipOneMember(gz.bytes())).isEqualTo(input);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 9})
    void everyLevelReadsBack(int level) throws IOException {
        byte[] input = concat(text(WINDOW + 99), random(WINDOW, 6), text(77));
        Gzipped gz = gzip(input, level, 4096);
        assertThat(gunzipOneMember(gz.bytes())).isEqualTo(input);
        if (level == 0) {
            assertThat(gz.windowsStored()).isEqualTo(3);
        }
    }

    @Test
    void emptyAndOneByteInputsAreValidGzip() throws IOException {
        assertThat(gunzipOneMember(gzip(new byte[0], 1, 1).bytes())).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(out, 1, -1, Long.MAX_VALUE)) {
            gzip.write('x');
        }
        assertThat(gunzipOneMember(out.toByteArray())).containsExactly('x');
    }

    @Test
    void aLevelOutsideGzipsRangeIsRefused() {
        assertThatThrownBy(() -> new AdaptiveGzipOutputStream(new ByteArrayOutputStream(), 10, 1, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A gzip level is 0 to 9, not 10");
    }
}

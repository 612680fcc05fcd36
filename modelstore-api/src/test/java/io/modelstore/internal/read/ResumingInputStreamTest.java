package io.modelstore.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Interrupts;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The download stream that resumes a cut connection with a ranged read, and tells a cut from a changed blob. */
class ResumingInputStreamTest {

    private static final String KEY = "operatorai-model-store/d/m/artifacts.tar.gz";

    /** One blob whose reads stop where told: with a reset connection, or by ending early. */
    private static final class Flaky implements Storage {
        byte[] content;
        String version = "v1";
        final Deque<Integer> cuts = new ArrayDeque<>();
        boolean endInsteadOfFailing;
        final Deque<RuntimeException> statFailures = new ArrayDeque<>();
        Runnable onResume = () -> {};
        final List<Long> offsets = new ArrayList<>();
        final List<Cut> opened = new ArrayList<>();
        private int stats;

        Flaky(byte[] content) {
            this.content = content;
        }

        @Override
        public String describe() {
            return "mem://flaky";
        }

        @Override
        public Map<String, Object> location(String key) {
            return Map.of("key", key);
        }

        @Override
        public Optional<BlobInfo> stat(String key) {
            if (stats++ > 0) {
                onResume.run();
                if (!statFailures.isEmpty()) {
                    throw statFailures.poll();
                }
            }
            return content == null
                    ? Optional.empty()
                    : Optional.of(new BlobInfo(key, content.length, Instant.EPOCH, version));
        }

        @Override
        public InputStream read(String key) {
            return read(key, 0);
        }

        @Override
        public InputStream read(String key, long offset) {
            offsets.add(offset);
            Cut in = new Cut(
                    content, (int) offset, cuts.isEmpty() ? Integer.MAX_VALUE : cuts.poll(), endInsteadOfFailing);
            opened.add(in);
            return in;
        }

        @Override
        public boolean write(String key, Path source, WriteCondition condition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean write(String key, byte[] content, WriteCondition condition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<BlobInfo> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String key) {
            throw new UnsupportedOperationException();
        }
    }

    /** Serves {@code limit} bytes from {@code from}, then fails or ends. */
    private static final class Cut extends InputStream {
        private final byte[] content;
        private final boolean end;
        private int at;
        private int left;
        boolean closed;

        Cut(byte[] content, int from, int limit, boolean end) {
            this.content = content;
            this.at = from;
            this.left = limit;
            this.end = end;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the stream under test reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at == content.length) {
                return -1;
            }
            if (left == 0) {
                if (end) {
                    return -1;
                }
                throw new IOException("Connection reset");
            }
            int n = Math.min(Math.min(len, left), content.length - at);
            System.arraycopy(content, at, b, off, n);
            at += n;
            left -= n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aBlobCutAsOftenAsResumesAllowIsReadWholeFromWhereEachReadStopped() throws IOException {
        Flaky storage = new Flaky(random(10_000));
        for (int i = 0; i < ResumingInputStream.RESUMES; i++) {
            storage.cuts.add(1000);
        }
        try (InputStream in = ResumingInputStream.open(storage, KEY)) {
            assertThat(in.readAllBytes()).isEqualTo(random(10_000));
        }
        assertThat(storage.offsets).containsExactly(0L, 1000L, 2000L, 3000L);
        assertThat(storage.opened)
                .as("each stream is closed: the one cut and, at the end, the last")
                .allMatch(c -> c.closed);
    }

    @Test
    void oneCutMoreFailsAsATransferErrorAndEveryLaterReadFailsAlike() throws IOException {
        Flaky storage = new Flaky(random(10_000));
        for (int i = 0; i <= ResumingInputStream.RESUMES; i++) {
            storage.cuts.add(1000);
        }
        InputStream in = ResumingInputStream.open(storage, KEY);
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(StorageException.Reason.TRANSIENT);
            assertThat(e)
                    .hasMessageContaining("stopped at byte 4000 of 10000 4 times")
                    .hasMessageContaining("mem://flaky")
                    .hasMessageContaining("Connection reset")
                    .hasMessageContaining("Try again")
                    .hasCauseInstanceOf(IOException.class);
        });
        StorageException first = catchStorage(in);
        assertThat(catchStorage(in)).isSameAs(first);
        assertThat(storage.offsets).hasSize(ResumingInputStream.RESUMES + 1);
        assertThat(storage.opened).allMatch(c -> c.closed);
    }

    private static StorageException catchStorage(InputStream in) {
        try {
            in.read(new byte[10]);
        } catch (StorageException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the read did not fail");
    }

    @Test
    void aStreamThatEndsBeforeTheBlobIsResumedAndSingleByteReadsWork() throws IOException {
        Flaky storage = new Flaky(random(3000));
        storage.endInsteadOfFailing = true;
        storage.cuts.add(1500);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = ResumingInputStream.open(storage, KEY)) {
            assertThat(in.read(new byte[0], 0, 0)).isZero();
            for (int b = in.read(); b >= 0; b = in.read()) {
                read.write(b);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(read.toByteArray()).isEqualTo(random(3000));
        assertThat(storage.offsets).containsExactly(0L, 1500L);
    }

    /** 10,000 bytes whose first read is cut at byte 1000. */
    private static Flaky cutOnce() {
        Flaky storage = new Flaky(random(10_000));
        storage.cuts.add(1000);
        return storage;
    }

    @Test
    void aBlobReplacedMeanwhileIsNotMixedWithTheOldOne() {
        Flaky storage = cutOnce();
        storage.onResume = () -> storage.version = "v2";
        InputStream in = ResumingInputStream.open(storage, KEY);
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("The archive " + KEY + " was replaced while it was downloaded")
                .hasMessageContaining("Nothing was extracted");
        assertThat(storage.offsets).as("the new blob is never read").containsExactly(0L);
    }

    @Test
    void aBlobDeletedMeanwhileIsReportedAsNotFound() {
        Flaky storage = cutOnce();
        storage.onResume = () -> storage.content = null;
        InputStream in = ResumingInputStream.open(storage, KEY);
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(StorageException.Reason.BLOB_NOT_FOUND);
            assertThat(e).hasMessageContaining("was deleted while it was downloaded");
        });
    }

    @Test
    void aFailedLookWhileResumingCountsAsOneMoreAttempt() throws IOException {
        Flaky storage = cutOnce();
        storage.statFailures.add(new StorageException(StorageException.Reason.TRANSIENT, "HTTP 503"));
        try (InputStream in = ResumingInputStream.open(storage, KEY)) {
            assertThat(in.readAllBytes()).isEqualTo(random(10_000));
        }
        assertThat(storage.offsets).containsExactly(0L, 1000L);
    }

    @Test
    void anInterruptWhileResumingFailsTheDownloadAndIsKept() {
        Flaky storage = cutOnce();
        InputStream in = ResumingInputStream.open(storage, KEY);
        assertThat(Interrupts.whileInterrupted(in::readAllBytes))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Interrupted while resuming the download of " + KEY);
    }

    @Test
    void aMissingBlobIsNotFoundBeforeAnyRead() {
        Flaky storage = new Flaky(null);
        assertThatThrownBy(() -> ResumingInputStream.open(storage, KEY))
                .isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining(KEY);
        assertThat(storage.offsets).isEmpty();
    }
}

package io.modelstore.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.spi.Interrupts;
import io.modelstore.spi.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    /** Hands out at most 1000 bytes per read, counts what was read and fails after {@code failAfter} bytes. */
    private static final class Source extends FilterInputStream {
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        private final long failAfter;
        private final RuntimeException failure;

        Source(byte[] content, long failAfter, RuntimeException failure) {
            super(new ByteArrayInputStream(content));
            this.failAfter = failAfter;
            this.failure = failure;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (read.get() >= failAfter) {
                throw failure;
            }
            int n = super.read(b, off, (int) Math.min(Math.min(len, 1000), failAfter - read.get()));
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
    }

    @Test
    void everyByteArrivesInOrderWhateverTheReadSizes() throws IOException {
        byte[] content = random(100_003);
        Source source = new Source(content, Long.MAX_VALUE, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(source, 4096, 3)) {
            byte[] buffer = new byte[777];
            int n;
            out.write(ahead.read());
            while ((n = ahead.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
            }
            assertThat(ahead.read()).isEqualTo(-1);
        }
        assertThat(out.toByteArray()).isEqualTo(content);
    }

    @Test
    void readsAheadOfTheReaderButNoFurtherThanItsChunks() throws Exception {
        Source source = new Source(random(1 << 20), Long.MAX_VALUE, null);
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(source, 8192, 4)) {
            eventually(() -> source.read.get() == 4 * 8192); // without a byte consumed
            Thread.sleep(100);
            assertThat(source.read.get()).as("bounded by 4 chunks").isEqualTo(4 * 8192);
            ahead.readNBytes(8192 + 1); // frees the first chunk
            eventually(() -> source.read.get() == 5 * 8192);
        }
    }

    @Test
    void theSourcesFailureReachesTheReaderAsThrownAfterTheBytesBeforeIt() throws IOException {
        StorageException lost = new StorageException(StorageException.Reason.TRANSIENT, "connection reset");
        byte[] content = random(50_000);
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(new Source(content, 30_000, lost), 4096, 2)) {
            assertThat(ahead.readNBytes(30_000)).isEqualTo(java.util.Arrays.copyOf(content, 30_000));
            assertThatThrownBy(ahead::read).isSameAs(lost);
            // Read on, as a reader hashing the rest does: still the failure, never an end that hides it.
            assertThatThrownBy(() -> ahead.transferTo(java.io.OutputStream.nullOutputStream()))
                    .isSameAs(lost);
            assertThatThrownBy(() -> ahead.read(new byte[10], 0, 10)).isSameAs(lost);
        }
    }

    @Test
    void closingStopsTheReadingButLeavesTheSourceToItsOwner() throws Exception {
        Source source = new Source(random(1 << 20), Long.MAX_VALUE, null);
        ReadAheadInputStream ahead = new ReadAheadInputStream(source, 8192, 2);
        ahead.readNBytes(10);
        assertThat(ahead.reading()).isTrue();
        ahead.close();
        assertThat(ahead.reading()).as("close waits for the reading thread").isFalse();
        long read = source.read.get();
        Thread.sleep(200);
        assertThat(source.read.get())
                .as("nothing read after close")
                .isEqualTo(read)
                .isLessThan(1 << 20);
        assertThat(source.closed).isFalse();
        assertThat(ahead.reading()).as("the reading thread has ended").isFalse();
    }

    /** A source whose reads wait until it is let go, telling whether its reader thread is a daemon. */
    private static final class Stalled extends InputStream {
        final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        volatile boolean readByDaemon;

        /** A read-ahead of this source, once its thread waits in the first read. */
        ReadAheadInputStream readAhead() throws InterruptedException {
            ReadAheadInputStream ahead = new ReadAheadInputStream(this, 4096, 2);
            reading.await();
            return ahead;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            readByDaemon = Thread.currentThread().isDaemon();
            reading.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            return -1;
        }
    }

    @Test
    void aSourceThatEndsWhileNobodyReadsLetsTheReadingThreadEndWithEveryChunkHeld() throws Exception {
        byte[] content = random(2 * 4096 + 100); // the third chunk holds the end
        ReadAheadInputStream ahead = new ReadAheadInputStream(new Source(content, Long.MAX_VALUE, null), 4096, 3);
        eventually(() -> !ahead.reading()); // three chunks and the end are waiting
        assertThat(ahead.readAllBytes()).isEqualTo(content);
        assertThat(ahead.read()).isEqualTo(-1);
        ahead.close();
    }

    @Test
    void aReaderInterruptedWhileWaitingForBytesFailsAndKeepsItsInterrupt() throws Exception {
        Stalled source = new Stalled();
        ReadAheadInputStream ahead = source.readAhead();
        assertThat(source.readByDaemon)
                .as("a stalled source never keeps the JVM alive")
                .isTrue();
        assertThat(Interrupts.whileInterrupted(ahead::read))
                .isInstanceOf(java.io.InterruptedIOException.class)
                .hasMessageContaining("waiting for the archive's bytes");
        source.go.countDown();
        ahead.close();
    }

    @Test
    void closingFromAnInterruptedThreadFailsAndKeepsTheInterruptAndTheReadingStillEnds() throws Exception {
        Stalled source = new Stalled();
        ReadAheadInputStream ahead = source.readAhead();
        assertThat(Interrupts.whileInterrupted(ahead::close))
                .isInstanceOf(java.io.InterruptedIOException.class)
                .hasMessageContaining("stopping the read-ahead");
        source.go.countDown();
        eventually(() -> !ahead.reading());
    }
}

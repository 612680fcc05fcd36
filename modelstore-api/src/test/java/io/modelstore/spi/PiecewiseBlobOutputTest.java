package io.modelstore.spi;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The piece-by-piece streamed write that the cloud backends build on, with pieces kept in memory. */
class PiecewiseBlobOutputTest {

    /** Keeps what is sent; a send can be made to wait or fail. */
    private static class Recording extends PiecewiseBlobOutput {
        final Map<Integer, byte[]> sent = new ConcurrentHashMap<>();
        final AtomicInteger sending = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile RuntimeException failAt2;
        byte[] whole;
        int committed = -1;

        Recording(int pieceSize, int senders, int inFlight) {
            super("mem://test/key", pieceSize, senders, inFlight);
        }

        @Override
        protected void send(int index, ByteBuffer piece) {
            mostAtOnce.accumulateAndGet(sending.incrementAndGet(), Math::max);
            try {
                gate.await(10, TimeUnit.SECONDS);
                if (index == 2 && failAt2 != null) {
                    throw failAt2;
                }
                byte[] copy = new byte[piece.remaining()];
                piece.get(copy);
                sent.put(index, copy);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                sending.decrementAndGet();
            }
        }

        @Override
        protected boolean writeWhole(ByteBuffer content) {
            whole = new byte[content.remaining()];
            content.get(whole);
            return true;
        }

        @Override
        protected boolean commitPieces(int count) {
            committed = count;
            return true;
        }

        byte[] joined() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < sent.size(); i++) {
                out.writeBytes(sent.get(i));
            }
            return out.toByteArray();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aBlobOfOnePieceIsWrittenWholeAndNeverSent() {
        for (int size : new int[] {0, 1, 999, 1000}) {
            Recording out = new Recording(1000, 2, 2);
            byte[] content = random(size);
            out.write(content, 0, size);
            assertThat(out.commit()).isTrue();
            assertThat(out.whole).isEqualTo(content);
            assertThat(out.sent).isEmpty();
            assertThat(out.committed).isEqualTo(-1);
        }
    }

    @Test
    void largerBlobsGoInPiecesInOrderAndTheCommitNamesThemAll() {
        byte[] content = random(10_500);
        Recording out = new Recording(1000, 3, 2);
        for (int at = 0; at < content.length; at += 333) {
            out.write(content, at, Math.min(333, content.length - at));
        }
        assertThat(out.commit()).isTrue();
        assertThat(out.committed).isEqualTo(11);
        assertThat(out.sent.get(10)).hasSize(500);
        assertThat(out.joined()).isEqualTo(content);
        assertThat(out.whole).isNull();
    }

    @Test
    void noMoreThanInFlightPiecesAreSentAtOnceAndTheWriterWaitsForASlot() throws Exception {
        Recording out = new Recording(100, 4, 2);
        out.gate = new CountDownLatch(1);
        Thread writer = new Thread(() -> out.write(random(1000), 0, 1000));
        writer.start();
        writer.join(300);
        assertThat(writer.isAlive()).as("the writer waits while two pieces are out").isTrue();
        assertThat(out.sending.get()).isEqualTo(2);
        out.gate.countDown();
        writer.join(10_000);
        assertThat(out.commit()).isTrue();
        assertThat(out.mostAtOnce.get()).isEqualTo(2);
        assertThat(out.joined()).isEqualTo(random(1000));
    }

    @Test
    void aSmallHeapKeepsFewerPiecesInFlightButAlwaysOne() {
        int mib16 = 16 << 20;
        assertThat(PiecewiseBlobOutput.affordable(4, mib16, 8L << 30)).as("a large heap: as asked").isEqualTo(4);
        assertThat(PiecewiseBlobOutput.affordable(4, mib16, 160L << 20)).as("5 pieces are half of 160 MiB").isEqualTo(4);
        assertThat(PiecewiseBlobOutput.affordable(4, mib16, 159L << 20)).isEqualTo(3);
        assertThat(PiecewiseBlobOutput.affordable(4, mib16, 64L << 20)).as("-Xmx64m").isEqualTo(1);
        assertThat(PiecewiseBlobOutput.affordable(4, mib16, 16L << 20)).as("never none").isEqualTo(1);
    }

    @Test
    void aPieceThatFailedFailsTheWriteAndNothingIsCommitted() {
        Recording out = new Recording(100, 1, 2);
        StorageException failure = new StorageException(StorageException.Reason.TRANSIENT, "Cannot write mem://test/key: HTTP 503");
        out.failAt2 = failure;
        assertThatThrownBy(() -> {
            out.write(random(1000), 0, 1000);
            out.commit();
        }).isSameAs(failure);
        assertThat(out.committed).isEqualTo(-1);
        out.close();
    }

    @Test
    void closingWithoutACommitSendsNoMoreAndCommitsNothing() throws Exception {
        Recording out = new Recording(100, 1, 3);
        out.gate = new CountDownLatch(1);
        out.write(random(350), 0, 350); // three pieces out, the first one waiting at the gate
        while (out.sending.get() == 0) {
            Thread.sleep(5);
        }
        out.close();
        out.gate.countDown();
        Thread.sleep(200);
        assertThat(out.sent.keySet()).as("only the piece already on its way").containsOnly(0);
        assertThat(out.committed).isEqualTo(-1);
        assertThat(out.whole).isNull();
        out.close();
        assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
    }
}

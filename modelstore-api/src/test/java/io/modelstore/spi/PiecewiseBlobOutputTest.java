package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The piece-by-piece streamed write that the cloud backends build on, with pieces kept in memory. */
class PiecewiseBlobOutputTest {

    /** Keeps what is sent; a send can be made to wait or fail. */
    private static class Recording extends PiecewiseBlobOutput {
        final Map<Integer, byte[]> sent = new ConcurrentHashMap<>();
        final AtomicInteger sending = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile int failAt = -1;
        volatile RuntimeException failure;
        volatile boolean sentByDaemons = true;
        final AtomicInteger abandoned = new AtomicInteger();
        boolean conditionHolds = true;
        byte[] whole;
        int committed = -1;

        Recording(int pieceSize, int senders, int inFlight) {
            super("mem://test/key", pieceSize, 1, senders, inFlight);
        }

        @Override
        protected void send(int index, ByteBuffer piece) {
            mostAtOnce.accumulateAndGet(sending.incrementAndGet(), Math::max);
            sentByDaemons &= Thread.currentThread().isDaemon();
            try {
                gate.await(10, TimeUnit.SECONDS);
                if (index == failAt) {
                    throw failure;
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
            return conditionHolds;
        }

        @Override
        protected boolean commitPieces(int count) {
            committed = count;
            return conditionHolds;
        }

        @Override
        protected void abandon() {
            abandoned.incrementAndGet();
        }

        void failAt(int index, RuntimeException e) {
            failure = e;
            failAt = index;
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
        assertThat(writer.isAlive())
                .as("the writer waits while two pieces are out")
                .isTrue();
        assertThat(out.sending.get()).isEqualTo(2);
        out.gate.countDown();
        writer.join(10_000);
        assertThat(out.commit()).isTrue();
        assertThat(out.mostAtOnce.get()).isEqualTo(2);
        assertThat(out.joined()).isEqualTo(random(1000));
    }

    @Test
    void aPieceThatFailedFailsTheWriteAndNothingIsCommitted() {
        Recording out = new Recording(100, 1, 2);
        StorageException failure =
                new StorageException(StorageException.Reason.TRANSIENT, "Cannot write mem://test/key: HTTP 503");
        out.failAt(2, failure);
        assertThatThrownBy(() -> {
                    out.write(random(1000), 0, 1000);
                    out.commit();
                })
                .isSameAs(failure);
        assertThat(out.committed).isEqualTo(-1);
        out.close();
    }

    @Test
    void closingWithoutACommitSendsNoMoreAndCommitsNothing() throws Exception {
        Recording out = withTheFirstPieceStuck(3, 350); // three pieces out, the first one waiting at the gate
        Thread closing = new Thread(out::close);
        closing.start();
        awaitBlocked(closing);
        assertThat(out.abandoned.get())
                .as("not before the piece on its way has arrived")
                .isZero();
        out.gate.countDown();
        closing.join(10_000);
        assertThat(out.sent.keySet()).as("only the piece already on its way").containsOnly(0);
        assertThat(out.abandoned.get()).isEqualTo(1);
        assertThat(out.committed).isEqualTo(-1);
        assertThat(out.whole).isNull();
        out.close();
        assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
    }

    private final StorageException http503 = // one for each test: thrown by the storage, then compared by identity
            new StorageException(StorageException.Reason.TRANSIENT, "Cannot write mem://test/key: HTTP 503");

    /** One sender, {@code size} bytes written, the first piece held in its send until the gate opens. */
    private static Recording withTheFirstPieceStuck(int inFlight, int size) throws InterruptedException {
        Recording out = new Recording(100, 1, inFlight);
        out.gate = new CountDownLatch(1);
        out.write(random(size), 0, size);
        awaitSending(out, 1);
        return out;
    }

    private static void awaitSending(Recording out, int count) throws InterruptedException {
        while (out.sending.get() < count) {
            Thread.sleep(5);
        }
    }

    private static void awaitBlocked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
    }

    @Test
    void piecesTooLargeForThisHeapAreMadeSmallerAsTransferMemorySays() {
        TransferMemory memory = TransferMemory.ofThisHeap();
        long tooLarge = memory.piecesShare() / 2; // 5 of them, 4 in flight and one filling, cannot fit
        Recording out = new Recording((int) tooLarge, 4, 4);
        assertThat((long) out.pieceSize()).isLessThan(tooLarge).isEqualTo(memory.pieceSize(tooLarge, 1, 4));
        assertThat((out.inFlight() + 1) * TransferMemory.heapTaken(out.pieceSize()))
                .as("the pieces in flight and the one filling")
                .isLessThanOrEqualTo(memory.piecesShare());
        out.close();
    }

    @Test
    void aPieceSizeSendersAndInFlightMustEachBePositive() {
        assertThatThrownBy(() -> new Recording(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Recording(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Recording(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        Recording smallest = new Recording(1, 1, 1);
        smallest.write(random(3), 0, 3);
        assertThat(smallest.commit()).isTrue();
        assertThat(smallest.joined()).isEqualTo(random(3));
    }

    @Test
    void aConditionThatFailsIsReturnedByTheCommitOfAWholeBlobAndOfPieces() {
        Recording small = new Recording(1000, 1, 1);
        small.conditionHolds = false;
        small.write(random(10), 0, 10);
        assertThat(small.commit()).isFalse();

        Recording large = new Recording(100, 1, 1);
        large.conditionHolds = false;
        large.write(random(250), 0, 250);
        assertThat(large.commit()).isFalse();
        assertThat(large.committed).as("the pieces were offered").isEqualTo(3);
        assertThat(large.abandoned.get())
                .as("not committed: the pieces are removed")
                .isEqualTo(1);
    }

    @Test
    void theLastPieceFailingFailsTheCommitAndNothingIsCommitted() {
        Recording out = new Recording(100, 1, 2);
        out.failAt(2, http503);
        out.write(random(250), 0, 250); // pieces 0 and 1 go now, piece 2 at the commit
        assertThatThrownBy(out::commit).isSameAs(http503);
        assertThat(out.committed).isEqualTo(-1);
        assertThat(out.abandoned.get()).isEqualTo(1);
    }

    @Test
    void aPieceThatFailedIsThrownByTheNextWriteEvenOneThatSendsNothing() throws Exception {
        Recording out = new Recording(100, 1, 2);
        out.failAt(0, http503);
        out.write(random(101), 0, 101);
        while (!out.pieceFailed()) {
            Thread.sleep(5);
        }
        assertThatThrownBy(() -> out.write(1)).isSameAs(http503);
        out.close();
    }

    /** Whether the sender has recorded the failure (read from the field: no public call tells without throwing). */
    /** A thread writing 100 bytes more, keeping what it was thrown and whether it was still interrupted then. */
    private static final class Writer extends Thread {
        private final Recording out;
        volatile Throwable failure;
        volatile boolean stillInterrupted;

        Writer(Recording out) {
            this.out = out;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try {
                out.write(random(100), 0, 100);
            } catch (RuntimeException e) {
                failure = e;
                stillInterrupted = isInterrupted();
            }
        }
    }

    @Test
    void aWriterWaitingForASlotSeesThePieceThatFailedMeanwhile() throws Exception {
        Recording out = withTheFirstPieceStuck(1, 101); // piece 0 holds the only slot at the gate
        out.failAt(0, http503);
        Writer writer = new Writer(out); // fills piece 1 and waits to hand it over
        awaitBlocked(writer);
        out.gate.countDown();
        writer.join(10_000);
        assertThat(writer.failure).isSameAs(http503);
        assertThat(out.sent).as("piece 1 was never sent").isEmpty();
        assertThat(out.committed).isEqualTo(-1);
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(out::commit)
                        .as("the commit fails alike, and does not wait for a slot given back")
                        .isSameAs(http503));
        assertThat(out.committed).isEqualTo(-1);
    }

    @Test
    void aWriterInterruptedWhileWaitingForASlotFailsNamingTheBlobAndKeepsItsInterrupt() throws Exception {
        Recording out = withTheFirstPieceStuck(1, 101);
        Writer writer = new Writer(out);
        awaitBlocked(writer);
        writer.interrupt();
        writer.join(10_000);
        assertThat(writer.failure)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Interrupted while writing mem://test/key")
                .hasMessageContaining("nothing was committed");
        assertThat(((StorageException) writer.failure).reason()).isEqualTo(StorageException.Reason.OTHER);
        assertThat(writer.stillInterrupted).isTrue();
        out.gate.countDown();
        out.close();
    }

    @Test
    void aCommittedWriteIsClosedSentByDaemonThreadsAndNotAbandoned() {
        Recording out = new Recording(100, 2, 2);
        out.write(random(450), 0, 450);
        assertThat(out.commit()).isTrue();
        assertThat(out.sentByDaemons)
                .as("an abandoned write never keeps the JVM alive")
                .isTrue();
        assertThat(out.abandoned.get()).isZero();
        assertThatThrownBy(out::commit)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mem://test/key");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
        out.close();
        assertThat(out.abandoned.get())
                .as("closing after the commit abandons nothing")
                .isZero();
    }

    @Test
    void closingAnInterruptedThreadStillAbandonsAndKeepsTheInterrupt() throws Exception {
        Recording out = withTheFirstPieceStuck(2, 150);
        assertThat(Interrupts.whileInterrupted(out::close)).isNull();
        out.gate.countDown();
        assertThat(out.abandoned.get()).isEqualTo(1);
    }

    @Test
    void eachPieceIsToldSentOnceItArrivedAndAFailedOneNever() {
        Recording out = new Recording(100, 3, 3);
        java.util.concurrent.atomic.AtomicLong told = new java.util.concurrent.atomic.AtomicLong();
        java.util.List<Long> sizes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        out.onSent(n -> {
            told.addAndGet(n);
            sizes.add(n);
        });
        out.write(random(1050), 0, 1050);
        assertThat(out.commit()).isTrue();
        assertThat(told.get()).isEqualTo(1050);
        assertThat(sizes).hasSize(11).containsOnly(100L, 50L);

        Recording failing = new Recording(100, 1, 2);
        java.util.concurrent.atomic.AtomicLong toldOfFailing = new java.util.concurrent.atomic.AtomicLong();
        failing.onSent(toldOfFailing::addAndGet);
        failing.failAt(1, http503);
        failing.write(random(250), 0, 250);
        assertThatThrownBy(failing::commit).isSameAs(http503);
        assertThat(toldOfFailing.get()).as("piece 0 only").isEqualTo(100);
    }

    @Test
    void aBlobWrittenWholeIsToldSentAtItsCommitUnlessItsConditionFailed() {
        Recording out = new Recording(1000, 1, 1);
        java.util.concurrent.atomic.AtomicLong told = new java.util.concurrent.atomic.AtomicLong();
        out.onSent(told::addAndGet);
        out.write(random(300), 0, 300);
        assertThat(told.get()).as("nothing has gone yet").isZero();
        assertThat(out.commit()).isTrue();
        assertThat(told.get()).isEqualTo(300);

        Recording refused = new Recording(1000, 1, 1);
        refused.conditionHolds = false;
        java.util.concurrent.atomic.AtomicLong toldOfRefused = new java.util.concurrent.atomic.AtomicLong();
        refused.onSent(toldOfRefused::addAndGet);
        refused.write(random(300), 0, 300);
        assertThat(refused.commit()).isFalse();
        assertThat(toldOfRefused.get()).isZero();
    }
}

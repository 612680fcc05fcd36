package io.modelstore.spi;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The base of a streamed write that the service takes in pieces (blocks, parts, resumable chunks): the bytes fill a
 * piece in memory, and each full piece is sent by a thread of the write's own while the caller goes on writing, so
 * that producing the bytes and sending them overlap. At most {@code inFlight} pieces are being sent or waiting to
 * be, besides the one being filled: memory stays at {@code (inFlight + 1) * pieceSize} whatever the blob's size.
 * Both come from {@link TransferMemory}, the one rule for every backend and every way of opening a store: where the
 * backend's piece size and in-flight count do not fit this heap, pieces are smaller (never under the service's
 * minimum) and fewer are in flight (at least one), so that a small heap still uploads any size, with less overlap. A
 * blob that fits in one piece is never sent as a piece: {@link #writeWhole} writes it in one request at the commit.
 *
 * <p>A subclass sends the pieces, writes a small blob whole and commits the pieces sent, translating its SDK's
 * failures into {@link StorageException}s. A piece's failure is thrown by the next {@link #write} or
 * {@link #commit()}. Closing without a commit stops the sending; the pieces already on their way arrive, and then
 * {@link #abandon()} runs, for a service that keeps uncommitted pieces (an S3 multipart upload) to remove them.
 */
public abstract class PiecewiseBlobOutput extends BlobOutput {

    /** The first piece grows from this size, so that a small blob does not take a whole piece of memory. */
    private static final int FIRST_BUFFER = 64 << 10;

    private final String target;
    private final int pieceSize;
    private final int senders;
    private final int inFlight;
    private final Semaphore slots;
    private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ExecutorService pool;
    private byte[] piece = new byte[0];
    private int filled;
    private int pieces;
    private volatile boolean closed;
    private boolean committed;

    /**
     * @param target      the blob, as messages name it (such as {@code gs://bucket/key}); never a secret
     * @param pieceSize   the size the backend prefers for every piece but the last
     * @param minimumSize the smallest piece the service takes (but for the last): a small heap gets no smaller one
     * @param senders     how many threads send pieces; with one, pieces are sent one after the other, in order
     * @param inFlight    how many pieces the backend would have sent or waiting to be at once
     */
    protected PiecewiseBlobOutput(String target, long pieceSize, long minimumSize, int senders, int inFlight) {
        if (pieceSize <= 0 || minimumSize <= 0 || senders <= 0 || inFlight <= 0) {
            throw new IllegalArgumentException("pieceSize, minimumSize, senders and inFlight must be positive");
        }
        TransferMemory memory = TransferMemory.ofThisHeap();
        this.target = target;
        this.pieceSize = (int) Math.min(memory.pieceSize(pieceSize, minimumSize, inFlight), Integer.MAX_VALUE - 8);
        this.senders = senders;
        this.inFlight = memory.piecesInFlight(inFlight, this.pieceSize);
        this.slots = new Semaphore(this.inFlight);
    }

    /** The size of every piece but the last, as {@link TransferMemory} chose it for this heap. */
    protected final int pieceSize() {
        return pieceSize;
    }

    /** How many pieces may be sent or wait to be at once, as {@link TransferMemory} chose it for this heap. */
    protected final int inFlight() {
        return inFlight;
    }

    /**
     * Sends piece {@code index} (from 0), on a sender thread; {@code piece} is only valid during the call. Pieces
     * may be sent concurrently when there are several senders.
     */
    protected abstract void send(int index, ByteBuffer piece);

    /** Writes the blob in one request, when it fits in one piece (no piece was sent); {@code false} if the condition failed. */
    protected abstract boolean writeWhole(ByteBuffer content);

    /** Makes pieces {@code 0} to {@code count - 1}, all sent, the blob; {@code false} if the condition failed. */
    protected abstract boolean commitPieces(int count);

    /**
     * Runs once when the write ends without a committed blob after pieces were sent, once those on their way have
     * arrived: where the service keeps uncommitted pieces, remove them here (failures are the subclass's to swallow).
     * The default does nothing, for services that drop them by themselves (blocks, resumable sessions).
     */
    protected void abandon() {}

    @Override
    public final void write(byte[] b, int off, int len) {
        if (closed) {
            throw new IllegalStateException("The write of " + target + " was already committed or closed");
        }
        rethrowFailure();
        while (len > 0) {
            if (filled == pieceSize) {
                dispatch(); // only once more bytes come: a blob of exactly one piece is still written whole
            }
            if (filled == piece.length) {
                piece = Arrays.copyOf(piece, (int) Math.min(pieceSize, Math.max(FIRST_BUFFER, 2L * piece.length)));
            }
            int n = Math.min(len, piece.length - filled);
            System.arraycopy(b, off, piece, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public final boolean commit() {
        if (closed) {
            throw new IllegalStateException("The write of " + target + " was already committed or closed");
        }
        try {
            if (pieces == 0) {
                committed = writeWhole(ByteBuffer.wrap(piece, 0, filled));
                if (committed) {
                    sent(filled);
                }
                return committed;
            }
            dispatch(); // the last piece: never empty, as a piece is only handed over once more bytes come
            try {
                slots.acquire(inFlight); // every piece sent; nothing is dispatched after this
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            rethrowFailure();
            committed = commitPieces(pieces);
            return committed;
        } finally {
            close();
        }
    }

    /** Stops sending: pieces not yet sent are dropped; one on its way finishes, uncommitted. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            // Not interrupted: an SDK whose request is cancelled mid-way logs it as an error; the waiting pieces see
            // the write closed and are not sent, so the senders end within a piece.
            pool.shutdown();
            if (!committed) {
                try {
                    pool.awaitTermination(
                            5, java.util.concurrent.TimeUnit.MINUTES); // a piece landing later would outlive abandon()
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                abandon();
            }
        }
        piece = null;
        spare.clear();
    }

    /** Hands the full piece to a sender, once a slot is free, and takes a spare buffer to fill. */
    private void dispatch() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        if (failure.get() != null) { // a piece failed, before or while this one waited for its slot
            slots.release();
            rethrowFailure();
        }
        if (pool == null) {
            pool = Executors.newFixedThreadPool(senders, r -> {
                Thread t = new Thread(r, "modelstore-upload");
                t.setDaemon(true); // an abandoned write never keeps the JVM alive
                return t;
            });
        }
        int index = pieces++;
        byte[] full = piece;
        int length = filled;
        pool.execute(() -> {
            try {
                if (!closed && failure.get() == null) {
                    send(index, ByteBuffer.wrap(full, 0, length));
                    reportSent(length);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                spare.offer(full);
                slots.release();
            }
        });
        byte[] next = spare.poll();
        piece = next != null ? next : new byte[pieceSize];
        filled = 0;
    }

    /** Pieces may land on several threads at once; the listener hears them one at a time. */
    private synchronized void reportSent(int length) {
        sent(length);
    }

    /** Whether a piece has failed; what the next write or the commit will throw. Package-private: for the tests. */
    boolean pieceFailed() {
        return failure.get() != null;
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw (Error) t;
        }
    }

    private StorageException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new StorageException(
                StorageException.Reason.OTHER, "Interrupted while writing " + target + "; nothing was committed.", e);
    }
}

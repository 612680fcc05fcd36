package io.modelstore.spi;

/**
 * The one rule for how much heap the buffers of one transfer take, whichever way its store was opened (a builder,
 * a factory such as {@code fromMinio}, a URI, a {@code StoreConfig}): the pieces of a streamed write, the one filling
 * and those in flight ({@link PiecewiseBlobOutput}); the archive's compression windows, input and output, and its copy
 * buffer; a download's read-ahead chunks.
 *
 * <p>A transfer may take a quarter of the heap ({@link Runtime#maxMemory()}), never less than {@link #FLOOR}, what an
 * S3 upload needs at the least; two transfers at once still leave half the heap to the application. An upload gives
 * a quarter of it to the archive and the rest to the pieces; a download gives it all to reading ahead. Where what a
 * backend wants does not fit, pieces get smaller (never under the service's minimum) and fewer are in flight, and
 * fewer windows are compressed at once: less overlap, never less than one piece in flight and one window.
 *
 * <p>A buffer counts as the heap it takes, not its length: on G1, the default collector, an array of half a region or
 * more takes whole regions (1 MiB each on a heap under 2 GiB) and never moves, so a 5 MiB part takes 6 MiB and a
 * buffer of exactly 1 MiB takes 2.
 */
public final class TransferMemory {

    /** The least one transfer is given: two 5 MiB S3 parts (6 MiB of heap each) and one compression window. */
    public static final long FLOOR = 16L << 20;

    private static final long REGION = 1L << 20;
    private static final long ARRAY_HEADER = 16;

    private final long budget;

    private TransferMemory(long budget) {
        this.budget = budget;
    }

    /** The rule for this JVM's heap. */
    public static TransferMemory ofThisHeap() {
        return ofHeap(Runtime.getRuntime().maxMemory());
    }

    /** The rule for a heap of {@code maxHeap} bytes. */
    public static TransferMemory ofHeap(long maxHeap) {
        return new TransferMemory(Math.max(FLOOR, maxHeap / 4));
    }

    /** The bytes of heap one transfer's buffers may take. */
    public long budget() {
        return budget;
    }

    /** An upload's share for its archive: the copy buffer and the compression windows. */
    public long archiveShare() {
        return budget / 4;
    }

    /** An upload's share for its pieces: the one filling and those in flight. */
    public long piecesShare() {
        return budget - archiveShare();
    }

    /**
     * The size of each piece of a write that wants {@code inFlight} pieces in flight: {@code preferred} if that many
     * and the one filling fit in {@link #piecesShare()}, else the largest whole number of MiB that fits, but never
     * under {@code minimum} (where even that does not fit, {@link #piecesInFlight} keeps fewer in flight).
     */
    public long pieceSize(long preferred, long minimum, int inFlight) {
        long each = piecesShare() / (Math.max(1, inFlight) + 1L);
        if (heapTaken(preferred) <= each) {
            return Math.max(preferred, minimum);
        }
        long fitting = (each / REGION - 1) * REGION; // n MiB take n + 1 regions with the header
        return Math.max(minimum, Math.min(preferred, fitting));
    }

    /** How many of {@code wanted} pieces of {@code pieceSize} may be in flight besides the one filling; at least one. */
    public int piecesInFlight(int wanted, long pieceSize) {
        long pieces = piecesShare() / heapTaken(pieceSize); // the one filling included
        return (int) Math.max(1, Math.min(wanted, pieces - 1));
    }

    /**
     * How many of {@code wanted} compression windows may be in flight within {@code share} bytes of heap (the
     * {@link #archiveShare()} less what else the archive holds): each holds an input of {@code window} bytes and an
     * output of {@code output}, and one more of each is being filled; at least one.
     */
    public static int windows(int wanted, long window, long output, long share) {
        long windows = share / (heapTaken(window) + heapTaken(output)) - 1;
        return (int) Math.max(1, Math.min(wanted, windows));
    }

    /** How many of {@code wanted} chunks of {@code chunk} bytes a download may read ahead; at least one. */
    public int readAhead(int wanted, long chunk) {
        return (int) Math.max(1, Math.min(wanted, budget / heapTaken(chunk)));
    }

    /** The heap an array of {@code bytes} bytes takes: whole 1 MiB regions, header included, from half a region on. */
    public static long heapTaken(long bytes) {
        if (bytes < REGION / 2) {
            return bytes;
        }
        return (bytes + ARRAY_HEADER + REGION - 1) / REGION * REGION;
    }

    @Override
    public String toString() {
        return "TransferMemory[" + (budget >> 20) + " MiB per transfer]";
    }
}

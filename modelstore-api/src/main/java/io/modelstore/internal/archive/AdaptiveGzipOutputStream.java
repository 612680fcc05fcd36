package io.modelstore.internal.archive;

import io.modelstore.spi.TransferMemory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip written on every core, and only where compressing pays.
 *
 * <p>The input is cut into windows of about 1 MiB, each deflated on its own by a pool of threads, pigz-style: a window
 * is primed with the last 32 KiB of the one before it (so the ratio stays that of one stream) and ends with a sync
 * flush (so the windows join byte by byte). The output is still one ordinary gzip member, which any reader, Python's
 * {@code tarfile} included, reads.
 *
 * <p>Trained weights are close to random, and deflating them costs most of an upload's time for a few percent of
 * size; text, JSON and sparse tensors shrink a lot. So a window is deflated at the chosen level while that pays
 * (output below 95% of input) and stored otherwise, probing again after 8, 16, 32 ... up to 256 stored windows.
 *
 * <p>At most as many windows are in flight as there are cores and as fit in the heap share it is given
 * ({@link TransferMemory}); their buffers are reused, so the stream's memory does not grow with the model.
 *
 * <p>Not thread-safe, like any OutputStream. A small model is deflated in the writing thread: one window, no hand-off.
 */
public final class AdaptiveGzipOutputStream extends OutputStream {

    /** A little under 1 MiB, so that on G1 a window and its output each take one 1 MiB region, not two. */
    static final int WINDOW = (1 << 20) - (8 << 10);

    private static final int DICTIONARY = 32 << 10;
    private static final double WORTH_IT = 0.95;
    private static final int FIRST_PROBE = 8;
    private static final int LAST_PROBE = 256;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Shared by all uploads: deflating is CPU work, so more threads than cores would only queue. */
    private static final ExecutorService POOL = CORES < 2
            ? null
            : Executors.newFixedThreadPool(CORES, task -> {
                Thread thread = new Thread(task, "modelstore-deflate");
                thread.setDaemon(true);
                return thread;
            });
    /** A deflater per level and pool thread: changing a deflater's level part-way depends on zlib's version. */
    private static final ThreadLocal<Deflater[]> POOLED = ThreadLocal.withInitial(() -> new Deflater[10]);

    private final OutputStream out;
    private final int level;
    private final int blockSize;
    private final int windows; // in flight at most
    private final Deflater[] inline = new Deflater[10];
    private final CRC32 crc = new CRC32();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final List<byte[]> spare = new ArrayList<>(); // input buffers to reuse
    private final ArrayBlockingQueue<byte[]> spareOutput;
    private final byte[] dictionary = new byte[DICTIONARY];
    private final byte[] one = new byte[1];
    private int dictionaryLength;
    private byte[] block;
    private int filled;
    private long size;
    private boolean started;
    private boolean closed;

    // Whether compressing pays, decided from the windows in the order they were written.
    private boolean storing;
    private boolean probeOutstanding;
    private int storedWindows;
    private int probeEvery = FIRST_PROBE;
    private int windowsStored; // for tests

    /**
     * @param expectedSize about how many bytes will be written, or -1: windows (and their buffers) are no larger
     * @param heapShare    the heap its windows may take, inputs and outputs (at least one window is in flight)
     */
    AdaptiveGzipOutputStream(OutputStream out, int level, long expectedSize, long heapShare) {
        this.out = out;
        this.level = level;
        this.blockSize = expectedSize < 0 ? WINDOW : (int) Math.max(8 << 10, Math.min(WINDOW, expectedSize));
        this.windows = TransferMemory.windows(CORES, blockSize, outputBound(blockSize), heapShare);
        this.spareOutput = new ArrayBlockingQueue<>(windows + 1);
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("A gzip level is 0 to 9, not " + level);
        }
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("The archive is already closed");
        }
        crc.update(buf, off, len);
        size += len;
        while (len > 0) {
            if (block == null) {
                block = spare.isEmpty() ? new byte[blockSize] : spare.remove(spare.size() - 1);
                filled = 0;
            }
            int n = Math.min(len, block.length - filled);
            System.arraycopy(buf, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == block.length) {
                endWindow(false);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        // A gzip stream cannot be flushed part-way without costing ratio; what is whole is written as it completes.
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (block != null && filled > 0) {
                endWindow(true);
            }
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            writeHeaderOnce();
            byte[] last = new byte[16];
            Deflater finisher = deflater(inline, level);
            finisher.reset();
            finisher.finish();
            int n = finisher.deflate(last);
            out.write(last, 0, n); // the final, empty block
            long sum = crc.getValue();
            out.write(new byte[] {
                (byte) sum,
                (byte) (sum >> 8),
                (byte) (sum >> 16),
                (byte) (sum >> 24),
                (byte) size,
                (byte) (size >> 8),
                (byte) (size >> 16),
                (byte) (size >> 24)
            });
            out.close();
        } finally {
            closed = true;
            for (Deflater deflater : inline) {
                if (deflater != null) {
                    deflater.end();
                }
            }
            for (Pending pending : inFlight) {
                pending.result.cancel(false);
            }
        }
    }

    private void endWindow(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        block = null;
        Mode mode = nextMode();
        byte[] primer = null;
        if (mode != Mode.STORE && dictionaryLength > 0) {
            primer = Arrays.copyOf(dictionary, dictionaryLength);
        }
        rememberTail(input, length);
        byte[] output = spareOutput.poll();
        CompletableFuture<Deflated> result;
        if (mode == Mode.STORE || POOL == null || (last && inFlight.isEmpty())) {
            // Storing is a copy, and a lone window gains nothing from another thread.
            result = CompletableFuture.completedFuture(deflate(
                    deflater(inline, mode == Mode.STORE ? Deflater.NO_COMPRESSION : level),
                    primer,
                    input,
                    length,
                    output));
        } else {
            int chosen = level;
            byte[] dict = primer;
            result = CompletableFuture.supplyAsync(
                    () -> deflate(deflater(POOLED.get(), chosen), dict, input, length, output), POOL);
        }
        inFlight.add(new Pending(input, length, mode, result));
        while (inFlight.size() > windows
                || (inFlight.peek() != null && inFlight.peek().result.isDone())) {
            writeOldest();
        }
    }

    private void rememberTail(byte[] input, int length) {
        int keep = Math.min(DICTIONARY, length);
        if (keep < DICTIONARY) {
            int old = Math.min(dictionaryLength, DICTIONARY - keep);
            System.arraycopy(dictionary, dictionaryLength - old, dictionary, 0, old);
            System.arraycopy(input, length - keep, dictionary, old, keep);
            dictionaryLength = old + keep;
        } else {
            System.arraycopy(input, length - keep, dictionary, 0, keep);
            dictionaryLength = keep;
        }
    }

    private void writeOldest() throws IOException {
        Pending pending = inFlight.remove();
        Deflated compressed;
        try {
            compressed = pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while compressing the archive");
        } catch (ExecutionException e) {
            throw new IOException("Compressing the archive failed: " + e.getCause(), e.getCause());
        }
        writeHeaderOnce();
        out.write(compressed.bytes(), 0, compressed.length());
        learn(pending, compressed.length() - 5); // less the sync flush's empty stored block
        if (pending.input.length == blockSize) {
            spare.add(pending.input);
        }
        spareOutput.offer(compressed.bytes());
    }

    private void writeHeaderOnce() throws IOException {
        if (!started) {
            out.write(HEADER);
            started = true;
        }
    }

    private enum Mode {
        DEFLATE,
        PROBE,
        STORE
    }

    private Mode nextMode() {
        if (level == Deflater.NO_COMPRESSION) {
            return Mode.STORE;
        }
        if (probeOutstanding) {
            return Mode.STORE; // wait for the probe's answer
        }
        if (storing) {
            if (++storedWindows >= probeEvery) {
                storedWindows = 0;
                probeOutstanding = true;
                return Mode.PROBE;
            }
            return Mode.STORE;
        }
        return Mode.DEFLATE;
    }

    private void learn(Pending pending, long compressedSize) {
        if (pending.mode == Mode.STORE) {
            windowsStored++;
            return;
        }
        boolean pays = compressedSize <= pending.length * WORTH_IT;
        if (pending.mode == Mode.PROBE) {
            probeOutstanding = false;
            if (pays) {
                storing = false;
                probeEvery = FIRST_PROBE;
            } else {
                // Each probe that finds nothing to gain waits twice as long for the next, so that probing costs
                // little on a large incompressible model, yet a compressible part later on is still found.
                probeEvery = Math.min(probeEvery * 2, LAST_PROBE);
            }
        } else if (!pays && !storing) {
            storing = true;
            storedWindows = 0;
            probeEvery = FIRST_PROBE;
        }
    }

    /** One window as raw deflate ending in a sync flush, so that the next window's output can follow it. */
    private static Deflater deflater(Deflater[] byLevel, int level) {
        if (byLevel[level] == null) {
            byLevel[level] = new Deflater(level, true);
        }
        return byLevel[level];
    }

    private static Deflated deflate(Deflater deflater, byte[] dictionary, byte[] input, int length, byte[] reuse) {
        deflater.reset();
        if (dictionary != null) {
            deflater.setDictionary(dictionary);
        }
        deflater.setInput(input, 0, length);
        int bound = outputBound(length);
        byte[] output = reuse != null && reuse.length >= bound ? reuse : new byte[bound];
        int written = 0;
        while (true) {
            int n = deflater.deflate(output, written, output.length - written, Deflater.SYNC_FLUSH);
            written += n;
            if (written < output.length) {
                return new Deflated(output, written);
            }
            output = Arrays.copyOf(output, output.length * 2);
        }
    }

    /** The most deflating {@code length} bytes can take, sync flush included. */
    private static int outputBound(int length) {
        return length + (length >> 8) + 64;
    }

    /** How many windows may be in flight (for tests). */
    int windows() {
        return windows;
    }

    /** How many windows were stored rather than compressed (for tests). */
    int windowsStored() {
        return windowsStored;
    }

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record Pending(byte[] input, int length, Mode mode, CompletableFuture<Deflated> result) {}

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record Deflated(byte[] bytes, int length) {}
}

package io.modelstore;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip that stops compressing what does not compress. Trained weights are close to random, and deflating them
 * costs most of an upload's time for a few percent of size; text, JSON and sparse tensors shrink a lot. So each
 * window of input is deflated at the chosen level while that pays (output below 95% of input) and stored
 * otherwise, probing again after 8, 16, 32 ... up to 256 stored windows. The result is one ordinary gzip member that any reader, Python's
 * {@code tarfile} included, reads.
 */
final class AdaptiveGzipOutputStream extends GZIPOutputStream {

    static final int WINDOW = 1 << 20;
    private static final double WORTH_IT = 0.95;
    private static final int FIRST_PROBE = 8;
    private static final int LAST_PROBE = 256;

    private final int level;
    private long windowStartIn;
    private long windowStartOut;
    private int storedWindows;
    private int probeEvery = FIRST_PROBE;
    private boolean storing;
    private boolean probing;

    AdaptiveGzipOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, 1 << 16);
    }

    /** With a deflater output buffer of {@code bufferSize} bytes: small for a small model. */
    AdaptiveGzipOutputStream(OutputStream out, int level, int bufferSize) throws IOException {
        super(out, bufferSize);
        this.level = level;
        def.setLevel(level);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
        while (len > 0) {
            int n = (int) Math.min(len, WINDOW - (def.getBytesRead() - windowStartIn));
            super.write(buf, off, n);
            off += n;
            len -= n;
            if (def.getBytesRead() - windowStartIn >= WINDOW) {
                endOfWindow();
            }
        }
    }

    private void endOfWindow() {
        long in = def.getBytesRead() - windowStartIn;
        long out = def.getBytesWritten() - windowStartOut;
        if (storing) {
            if (++storedWindows >= probeEvery) {
                storing = false; // try compressing the next window again
                probing = true;
                storedWindows = 0;
                def.setLevel(level);
            }
        } else if (out > in * WORTH_IT) {
            // Each probe that finds nothing to gain waits twice as long for the next, so that probing costs
            // little on a large incompressible model, yet a compressible part later on is still found.
            probeEvery = probing ? Math.min(probeEvery * 2, LAST_PROBE) : FIRST_PROBE;
            probing = false;
            storing = true;
            def.setLevel(Deflater.NO_COMPRESSION);
        } else {
            probing = false;
            probeEvery = FIRST_PROBE;
        }
        windowStartIn = def.getBytesRead();
        windowStartOut = def.getBytesWritten();
    }

    /** Whether the last window was stored rather than compressed (for tests). */
    boolean storing() {
        return storing;
    }
}

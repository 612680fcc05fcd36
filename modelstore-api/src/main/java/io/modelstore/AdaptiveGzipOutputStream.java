package io.modelstore;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip that stops compressing what does not compress. Trained weights are close to random, and deflating them
 * costs most of an upload's time for a few percent of size; text, JSON and sparse tensors shrink a lot. So each
 * window of input is deflated at the chosen level while that pays (output below 95% of input) and stored
 * otherwise, probing again every few windows. The result is one ordinary gzip member that any reader, Python's
 * {@code tarfile} included, reads.
 */
final class AdaptiveGzipOutputStream extends GZIPOutputStream {

    static final int WINDOW = 1 << 20;
    private static final double WORTH_IT = 0.95;
    private static final int PROBE_EVERY = 8;

    private final int level;
    private long windowStartIn;
    private long windowStartOut;
    private int storedWindows;
    private boolean storing;

    AdaptiveGzipOutputStream(OutputStream out, int level) throws IOException {
        super(out, 1 << 16);
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
            if (++storedWindows % PROBE_EVERY == 0) {
                storing = false; // try compressing the next window again
                def.setLevel(level);
            }
        } else if (out > in * WORTH_IT) {
            storing = true;
            def.setLevel(Deflater.NO_COMPRESSION);
        }
        windowStartIn = def.getBytesRead();
        windowStartOut = def.getBytesWritten();
    }

    /** Whether the last window was stored rather than compressed (for tests). */
    boolean storing() {
        return storing;
    }
}

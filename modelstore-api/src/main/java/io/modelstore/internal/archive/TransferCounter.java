package io.modelstore.internal.archive;

import io.modelstore.ProgressListener;
import java.io.InputStream;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.ProxyInputStream;

/**
 * Counts the bytes read through the streams it wraps and tells a listener about once per MiB: the files read into
 * an archive as it is written, or the archive read as it is extracted.
 */
final class TransferCounter {
    private final String stage;
    private final long total;
    private final ProgressListener listener;
    private long done;
    private long reported;

    TransferCounter(String stage, long total, ProgressListener listener) {
        this.stage = stage;
        this.total = total;
        this.listener = listener;
        listener.progress(stage, 0, total);
    }

    /** The bytes counted so far. */
    long done() {
        return done;
    }

    void add(long n) {
        done += n;
        if (done - reported >= (1 << 20) || done == total) {
            reported = done;
            listener.progress(stage, done, total);
        }
    }

    InputStream wrap(InputStream in) {
        return new ProxyInputStream(in) {
            @Override
            protected void afterRead(int n) {
                if (n != IOUtils.EOF) {
                    add(n);
                }
            }
        };
    }
}

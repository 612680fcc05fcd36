package io.modelstore.internal.commit;

import io.modelstore.ProgressListener;
import java.io.OutputStream;
import org.apache.commons.io.output.ProxyOutputStream;

/**
 * The progress of an upload, whose two stages overlap: the archive is sent while it is being written. It passes the
 * {@code archiving} events on, counts the archive's bytes as they are written, and reports {@code uploading} as
 * storage takes them (told by the blob's {@link io.modelstore.spi.BlobOutput#onSent sent} callback, on the write's
 * own threads). While the archive is still being written its size is not known: the total reported is then an
 * estimate, the bytes archived so far scaled by the share of the model's files read, and it becomes exact when the
 * archive is complete. The listener hears one event at a time, about once per MiB.
 */
public final class UploadProgress implements ProgressListener {

    private static final long STEP = 1 << 20;

    private final ProgressListener listener;
    private long read; // bytes of the model's files read into the archive so far, of toRead
    private long toRead = -1;
    private long archived;
    private long archiveSize = -1; // known once the archive is complete
    private long sent;
    private long reported = -1;

    UploadProgress(ProgressListener listener) {
        this.listener = listener;
    }

    /** Hears the archiving stage: passes it on, and keeps how much of the files has been read. */
    @Override
    public synchronized void progress(String stage, long done, long total) {
        read = done;
        toRead = total;
        listener.progress(stage, done, total);
        if (reported < 0) {
            report(); // the sending starts with the archiving
        }
    }

    /**
     * Wraps the stream the archive is written to, to count its bytes: before each write, as the storage may take
     * the bytes (and tell {@link #sent}) within it.
     */
    OutputStream counting(OutputStream archive) {
        return new ProxyOutputStream(archive) {
            @Override
            protected void beforeWrite(int n) {
                written(n);
            }
        };
    }

    private synchronized void written(long n) {
        archived += n;
    }

    /** Bytes that storage took; reported once a MiB more than last time has gone, and when the last byte has. */
    synchronized void sent(long n) {
        sent += n;
        if (sent - reported >= STEP || sent == archiveSize) {
            report();
        }
    }

    /** The archive is complete: its size is the stage's total from now on. */
    synchronized void archiveComplete(long size) {
        archiveSize = size;
        report();
    }

    /** The archive is committed: every byte of it is in storage, whether or not this write sent them. */
    synchronized void uploaded() {
        sent = archiveSize;
        if (reported != sent) {
            report();
        }
    }

    private void report() {
        reported = sent;
        listener.progress("uploading", sent, total());
    }

    private long total() {
        if (archiveSize >= 0) {
            return archiveSize;
        }
        if (toRead <= 0 || read <= 0) {
            return -1;
        }
        // The archive compresses as its first part did. Until it is complete, at least one more byte is to come, so
        // that the stage never looks finished early.
        return Math.max(archived + 1, (long) ((double) archived * toRead / read));
    }
}

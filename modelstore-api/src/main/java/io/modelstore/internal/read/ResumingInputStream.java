package io.modelstore.internal.read;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob read to its end across network failures. A read that fails, or ends before the blob's size, is resumed
 * from where it stopped with a ranged read, a bounded number of times; so a cut connection is a transfer error, and
 * only a whole blob whose digest differs is corruption. A blob replaced meanwhile is not mixed with the old one.
 */
public final class ResumingInputStream extends InputStream {

    static final int RESUMES = 3;

    private final Storage storage;
    private final String key;
    private final BlobInfo blob;
    private InputStream in;
    private long position;
    private int resumes;
    private StorageException failed;

    private ResumingInputStream(Storage storage, String key, BlobInfo blob) {
        this.storage = storage;
        this.key = key;
        this.blob = blob;
        this.in = storage.read(key);
    }

    /** Opens the blob at {@code key}; throws {@link BlobNotFoundException} when there is none. */
    static ResumingInputStream open(Storage storage, String key) {
        return new ResumingInputStream(
                storage, key, storage.stat(key).orElseThrow(() -> new BlobNotFoundException(key)));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff; // never 0: one byte was asked for
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (failed != null) {
                throw failed;
            }
            Exception cause;
            try {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (position >= blob.size()) {
                    return -1;
                }
                cause = null; // the stream ended before the blob did
            } catch (IOException | RuntimeException e) {
                cause = e;
            }
            resume(cause);
        }
    }

    private void resume(Exception cause) {
        String why = cause == null ? "the stream ended early" : cause.toString();
        closeQuietly();
        if (resumes++ >= RESUMES) {
            throw fail(
                    "The download of " + key + " from " + storage.describe() + " stopped at byte " + position + " of "
                            + blob.size() + " " + (RESUMES + 1) + " times (" + why
                            + "): the network or the service failed, the "
                            + "archive is not known to be damaged. Nothing was extracted. Try again.",
                    cause);
        }
        try {
            Thread.sleep(100L << resumes);
            BlobInfo now = storage.stat(key).orElseThrow(() -> new BlobNotFoundException(key));
            if (!now.version().equals(blob.version())) {
                throw fail(
                        "The archive " + key
                                + " was replaced while it was downloaded. Nothing was extracted. Try again.",
                        cause);
            }
            in = storage.read(key, position);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("Interrupted while resuming the download of " + key + ". Nothing was extracted.", e);
        } catch (BlobNotFoundException e) {
            throw fail(
                    "The archive " + key + " was deleted while it was downloaded (a concurrent delete). Nothing was "
                            + "extracted.",
                    e,
                    StorageException.Reason.BLOB_NOT_FOUND);
        } catch (StorageException e) {
            if (e == failed) {
                throw e;
            }
            in = InputStream.nullInputStream(); // the next read ends early again and counts as another attempt
        }
    }

    private StorageException fail(String message, Exception cause) {
        return fail(message, cause, StorageException.Reason.TRANSIENT);
    }

    private StorageException fail(String message, Exception cause, StorageException.Reason reason) {
        failed = new StorageException(reason, message, cause);
        return failed;
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is being replaced
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

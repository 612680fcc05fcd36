package io.modelstore.spi;

import java.io.OutputStream;

/**
 * A blob being written as a stream, from {@link Storage#openWrite}: the bytes go to storage (or to a staging
 * place) as they are written, and nothing is visible at the key until {@link #commit()} succeeds. Closing it without
 * a commit, or after a failed one, abandons the write and leaves nothing behind (no temporary file, no unfinished
 * multipart upload, no uncommitted block), so a failed upload needs no clean-up.
 *
 * <p>Use it in a try-with-resources block: write, then commit. Not thread-safe: one writer at a time. Its methods
 * throw {@link StorageException} (unchecked) for storage failures, like every other storage call.
 */
public abstract class BlobOutput extends OutputStream {

    /**
     * The name prefix of the temporary files that the default {@link Storage#openWrite} stages in
     * {@code java.io.tmpdir}, followed by the process id and a dash, so that a store check removes only those of
     * processes that are gone.
     */
    public static final String TEMPORARY_FILE_PREFIX = "modelstore-upload-";

    /** Writes bytes; a failure is a {@link StorageException}, never a checked exception. */
    @Override
    public abstract void write(byte[] b, int off, int len);

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Does nothing: the bytes go out as pieces fill, and {@link #commit()} sends the rest. */
    @Override
    public void flush() {
    }

    /**
     * Makes the bytes written so far the blob at the key, atomically, if the write's condition holds. Call it once.
     *
     * @return {@code false} when the condition did not hold (nothing was written)
     */
    public abstract boolean commit();

    /** Abandons the write unless it was committed; removes what it staged. Safe to call more than once. */
    @Override
    public abstract void close();
}

package io.modelstore.spi;

import java.io.OutputStream;
import java.util.Objects;
import java.util.function.LongConsumer;

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

    private volatile LongConsumer sentListener = bytes -> {};

    /** For the subclasses. */
    protected BlobOutput() {}

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
    public void flush() {}

    /**
     * Makes the bytes written so far the blob at the key, atomically, if the write's condition holds. Call it once.
     *
     * @return {@code false} when the condition did not hold (nothing was written)
     */
    public abstract boolean commit();

    /** Abandons the write unless it was committed; removes what it staged. Safe to call more than once. */
    @Override
    public abstract void close();

    /**
     * Asks to hear of the bytes as storage takes them (a part uploaded, a block staged, a chunk sent, bytes written
     * to the staging file), for progress: each byte is told once, when its request succeeded, so an SDK's retry
     * counts nothing twice. Called from the write's own threads, one at a time; the listener must be quick. Bytes
     * taken are not yet the blob: only {@link #commit()} makes them that.
     */
    public void onSent(LongConsumer listener) {
        this.sentListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * For subclasses: tells the {@link #onSent} listener that {@code bytes} more have been taken by storage. Call it
     * once for every byte, after the request that carried it succeeded; a write that stages nothing before its
     * commit calls it from {@link #commit()}.
     */
    protected final void sent(long bytes) {
        sentListener.accept(bytes);
    }
}

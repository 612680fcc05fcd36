package io.modelstore.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream ahead of its reader, in a thread of its own, so that fetching (and hashing) the archive overlaps
 * inflating it and writing its files: a download then takes the longer of the two, not their sum.
 *
 * <p>At most {@code depth} chunks are held. A failure of the source reaches the reader as it was thrown, once the
 * chunks read before it are consumed, and again on every read after it. {@link #close()} stops the reading thread and waits for it, but leaves the
 * source open: its owner closes it afterwards, when no other thread uses it any more.
 */
public final class ReadAheadInputStream extends InputStream {

    private static final Object END = new Object();

    private final InputStream source;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Object> filled; // Chunk, a Throwable, or END
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private boolean ended;
    private Throwable failure; // once the source failed, every later read fails the same way
    private final byte[] one = new byte[1];

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record Chunk(byte[] bytes, int length) {}

    ReadAheadInputStream(InputStream source, int chunkSize, int depth) {
        this.source = source;
        this.free = new ArrayBlockingQueue<>(depth);
        this.filled = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            free.add(new byte[chunkSize]);
        }
        this.reader = new Thread(this::readAhead, "modelstore-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        Object last = END;
        try {
            while (!closed) {
                byte[] buffer = free.poll(100, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    continue; // the reader is behind; look at closed again
                }
                if (!fill(buffer)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            last = new InterruptedIOException("Interrupted while reading ahead");
        } catch (Throwable t) { // handed to the reader, who rethrows it as it is
            last = t;
        }
        if (!closed) {
            filled.offer(last); // there is always room: one more than the buffers
        }
    }

    /** Fills {@code buffer} and passes on what it holds, even when the source fails part-way; false at the end. */
    private boolean fill(byte[] buffer) throws IOException, InterruptedException {
        int length = 0;
        int n = 0;
        try {
            while (length < buffer.length && (n = source.read(buffer, length, buffer.length - length)) >= 0) {
                length += n;
            }
        } finally {
            if (length > 0) {
                filled.put(new Chunk(buffer, length));
            }
        }
        return n >= 0;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff; // never 0: one byte was asked for
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || position == current.length()) {
            if (!next()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    private boolean next() throws IOException {
        if (ended) {
            if (failure != null) {
                rethrow(failure); // not an end: a reader that reads on (to hash the rest, say) must not take it for one
            }
            return false;
        }
        if (current != null) {
            free.offer(current.bytes());
            current = null;
        }
        Object next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the archive's bytes");
        }
        if (next instanceof Chunk chunk) {
            current = chunk;
            position = 0;
            return true;
        }
        ended = true;
        if (next == END) {
            return false;
        }
        failure = (Throwable) next;
        rethrow(failure);
        return false;
    }

    private static void rethrow(Throwable next) throws IOException {
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) next;
    }

    /** Whether the reading thread still runs (for tests). */
    boolean reading() {
        return reader.isAlive();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        filled.clear();
        free.offer(new byte[0]); // wakes the reading thread if it waits for a buffer
        try {
            reader.join(); // ends after the read in progress, if any: the SDK's own read timeout bounds it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while stopping the read-ahead of the archive");
        } finally {
            filled.clear();
        }
    }
}

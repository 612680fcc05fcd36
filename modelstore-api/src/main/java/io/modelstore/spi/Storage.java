package io.modelstore.spi;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A flat namespace of blobs addressed by {@code /}-separated keys: the only thing a backend implements.
 *
 * <p>All of the store's logic (layout, domains, states, checksums, listing order) lives above this
 * interface in {@code io.modelstore.ModelStore}; an implementation only translates these few operations
 * to its SDK and its errors. No SDK type crosses this interface.
 *
 * <p>Implementations are thread-safe. Failures other than a missing key are reported as
 * {@link StorageException} naming the key, with its {@link StorageException.Reason} (build one with
 * {@link StorageException#because}: the core writes what to do). Neither
 * {@link #describe()} nor {@code toString()} nor any exception message may contain a secret.
 */
public interface Storage extends AutoCloseable {

    /** A short description for messages and logs, such as {@code file system at /srv/models} or {@code s3://bucket}. */
    String describe();

    /**
     * The {@code storage} object that Python modelstore writes into a model's metadata for an archive
     * stored at {@code key}, such as {@code {"type": "aws:s3", "bucket": "b", "prefix": key}}.
     */
    Map<String, Object> location(String key);

    /** The blob's size, modification time and version, or empty when there is no blob at {@code key}. */
    Optional<BlobInfo> stat(String key);

    /**
     * Opens the blob for reading; the caller closes the stream.
     *
     * @throws BlobNotFoundException when there is no blob at {@code key}
     */
    InputStream read(String key);

    /**
     * Opens the blob for reading from byte {@code offset} on, to resume a read that a network failure cut short. The
     * default reads from the start and skips; backends override it with a ranged request.
     *
     * @throws BlobNotFoundException when there is no blob at {@code key}
     */
    default InputStream read(String key, long offset) {
        InputStream in = read(key);
        try {
            in.skipNBytes(offset);
            return in;
        } catch (java.io.IOException e) {
            try {
                in.close();
            } catch (java.io.IOException ignored) {
                // the skip's failure is the one to report
            }
            throw new StorageException(
                    StorageException.Reason.TRANSIENT, "Cannot read " + key + " from byte " + offset + ": " + e, e);
        }
    }

    /**
     * Writes the file's bytes to {@code key} if {@code condition} holds, atomically: readers see the old
     * blob or the whole new one, never a part.
     *
     * @return {@code false} when the condition did not hold (nothing was written)
     */
    boolean write(String key, Path source, WriteCondition condition);

    /** As {@link #write(String, Path, WriteCondition)}, for small content held in memory. */
    boolean write(String key, byte[] content, WriteCondition condition);

    /**
     * Opens a streamed write of {@code key}: what is written goes out while it is produced (multipart parts,
     * blocks, resumable chunks), and {@link BlobOutput#commit()} makes it visible atomically if {@code condition}
     * holds, as {@link #write(String, Path, WriteCondition)} does. Closing it uncommitted leaves nothing behind. The
     * store writes model archives this way while it builds them, so that an upload takes the longer of archiving
     * and sending, not their sum.
     *
     * <p>The default stages the bytes in a temporary file and writes that on commit: correct for every backend, but
     * not overlapped; backends whose service can take a blob in pieces override it. Memory must stay bounded (a few
     * pieces in flight), whatever the blob's size.
     */
    default BlobOutput openWrite(String key, WriteCondition condition) {
        return new TempFileBlobOutput(this, key, condition);
    }

    /**
     * The blobs whose keys start with {@code prefix}, in ascending key order, fetched lazily page by page
     * (never stopping at a page boundary). The caller closes the stream.
     */
    Stream<BlobInfo> list(String prefix);

    /** Deletes the blob; returns {@code false} when there was none. */
    boolean delete(String key);

    /**
     * What this storage itself left below {@code prefix} by writes that never finished and that began before
     * {@code before}: temporary files, unfinished multipart uploads. Each is described in a line for a report. The
     * default: nothing (a storage whose writes leave nothing behind).
     */
    default List<String> leftovers(String prefix, Instant before) {
        return List.of();
    }

    /** Removes what {@link #leftovers(String, Instant)} reports. The default does nothing. */
    default void removeLeftovers(String prefix, Instant before) {}

    /** Releases clients and threads. The default does nothing. */
    @Override
    default void close() {}
}

package io.modelstore.internal.commit;

import io.modelstore.internal.archive.ArchiveDigest;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Create-new writes that tell our own earlier attempt from another writer. When a response is lost and the client
 * retries, the retry finds the blob it wrote itself and fails its condition; a blob that holds exactly the bytes we
 * wrote (same size and digest) is ours, and the write counts as done. Any backend's retry can cause this, so it is
 * handled here, above the SPI.
 */
public final class OwnWrites {

    /** How a create-new ended. */
    enum Outcome {
        /** This call wrote the blob. */
        WRITTEN,
        /** The blob already holds exactly our bytes: an earlier attempt of ours wrote it. */
        ALREADY_OURS,
        /** Another writer's blob is there. */
        TAKEN
    }

    private final Storage storage;

    OwnWrites(Storage storage) {
        this.storage = storage;
    }

    /** Commits a streamed create-new of {@code key} (opened with {@link WriteCondition#ifAbsent()}); {@code digest} is what was written. */
    Outcome commit(String key, BlobOutput output, ArchiveDigest digest) {
        boolean written;
        try {
            written = output.commit();
        } catch (RuntimeException e) {
            if (holdsSafely(key, digest)) {
                return Outcome.ALREADY_OURS; // the write went through; only its answer was lost
            }
            throw e;
        }
        return written ? Outcome.WRITTEN : holds(key, digest) ? Outcome.ALREADY_OURS : Outcome.TAKEN;
    }

    /** Creates {@code key} with these bytes unless another writer's blob is there; false if one is. */
    boolean create(String key, byte[] content) {
        boolean written;
        try {
            written = storage.write(key, content, WriteCondition.ifAbsent());
        } catch (RuntimeException e) {
            if (holdsSafely(key, content)) {
                return true; // an earlier attempt of ours wrote it: only its answer was lost
            }
            throw e;
        }
        return written || holds(key, content);
    }

    private boolean holds(String key, ArchiveDigest digest) {
        Optional<BlobInfo> info = storage.stat(key);
        if (info.isEmpty() || info.get().size() != digest.size()) {
            return false;
        }
        MessageDigest sha = ArchiveDigest.newSha256();
        try (InputStream in = storage.read(key)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha.update(buffer, 0, n);
            }
        } catch (BlobNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.TRANSIENT,
                    "Cannot read " + key + " back from " + storage.describe() + ": " + e,
                    e);
        }
        return HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(digest.sha256());
    }

    private boolean holds(String key, byte[] content) {
        try (InputStream in = storage.read(key)) {
            return Arrays.equals(in.readNBytes(content.length + 1), content);
        } catch (BlobNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.TRANSIENT,
                    "Cannot read " + key + " back from " + storage.describe() + ": " + e,
                    e);
        }
    }

    // After a failed write the check must not hide the write's own error.
    private boolean holdsSafely(String key, ArchiveDigest digest) {
        try {
            return holds(key, digest);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean holdsSafely(String key, byte[] content) {
        try {
            return holds(key, content);
        } catch (RuntimeException e) {
            return false;
        }
    }
}

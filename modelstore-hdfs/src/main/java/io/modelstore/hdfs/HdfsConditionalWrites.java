package io.modelstore.hdfs;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.WriteCondition;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The changes of a key, made conditional as {@link HdfsStorage} describes: a write's temporary file in the store's
 * temporary directory, renamed into place without overwriting to create, or under the key's lock ({@link KeyLocks})
 * to replace it, as a delete is made. What {@link HdfsStorage}'s writes and deletes and {@link HdfsBlobOutput} share.
 */
final class HdfsConditionalWrites {

    private final FileSystem fs;
    private final FileContext fc;
    private final Path tempDir;
    private final KeyLocks locks;

    HdfsConditionalWrites(FileSystem fs, Path tempDir) throws IOException {
        this.fs = fs;
        // FileSystem's public rename takes no Rename option: FileContext's refuses a target or replaces it atomically.
        this.fc = FileContext.getFileContext(fs.getUri(), fs.getConf());
        this.tempDir = tempDir;
        this.locks = new KeyLocks(fs, tempDir);
    }

    Path newTempPath() {
        return new Path(tempDir, "blob-" + UUID.randomUUID() + ".tmp");
    }

    /** A new temporary file for a write, opened for writing. */
    FSDataOutputStream createTemp(Path temp) throws IOException {
        return fs.create(temp, false);
    }

    /**
     * Renames the closed temporary file to {@code target}, the path of {@code key}, if the condition holds; the blob
     * there now is read ({@code current}) under the key's lock, when a version is expected.
     */
    boolean commit(String key, Path target, Path temp, WriteCondition condition, Supplier<Optional<BlobInfo>> current)
            throws IOException {
        fs.mkdirs(target.getParent());
        if (condition.isIfAbsent()) {
            try {
                fc.rename(temp, target, Options.Rename.NONE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        return locks.locked(key, target, () -> {
            if (condition.expectedVersion() != null) {
                Optional<BlobInfo> found = current.get();
                if (found.isEmpty() || !found.get().version().equals(condition.expectedVersion())) {
                    return false;
                }
            }
            fc.rename(temp, target, Options.Rename.OVERWRITE);
            return true;
        });
    }

    /** Deletes the file of {@code key} under its lock; {@code false} when there was none. */
    boolean delete(String key, Path file) throws IOException {
        return locks.locked(key, file, () -> {
            try {
                return fs.getFileStatus(file).isFile() && fs.delete(file, false);
            } catch (FileNotFoundException e) {
                return false;
            }
        });
    }

    void deleteTemp(Path temp) {
        try {
            fs.delete(temp, false);
        } catch (IOException e) {
            // Left for the store check to find among the leftovers.
        }
    }
}

package io.modelstore.hdfs;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException;
import org.apache.hadoop.ipc.RemoteException;

/**
 * A lock per key, for the changes HDFS cannot make conditional by itself: a file {@code lock-<sha1 of key>} in the
 * store's temporary directory, created with {@code overwrite=false}, which the NameNode lets only one client do at a
 * time. A lock older than {@value #STALE_LOCK_SECONDS} s is taken to be a crashed writer's and removed (by one
 * writer: see {@link #removeIfStale}).
 */
final class KeyLocks {

    static final long STALE_LOCK_SECONDS = 60;
    private static final long LOCK_WAIT_MILLIS = 30_000;

    private final FileSystem fs;
    private final Path tempDir;

    KeyLocks(FileSystem fs, Path tempDir) {
        this.fs = fs;
        this.tempDir = tempDir;
    }

    interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the key's lock file, which only one client can create at a time. */
    <T> T locked(String key, Path file, IoAction<T> action) throws IOException {
        Path lock = lockPath(key);
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        long pause = 1;
        while (true) {
            try {
                fs.create(lock, false).close();
                break;
            } catch (IOException e) {
                if (!heldByAnother(e)) {
                    throw e;
                }
                removeIfStale(lock);
                if (System.currentTimeMillis() > deadline) {
                    throw new StorageException(
                            Reason.TRANSIENT,
                            "Cannot change " + file + ": another writer "
                                    + "has held its lock " + lock + " for over " + LOCK_WAIT_MILLIS / 1000
                                    + " s. Try again; a lock "
                                    + "older than " + STALE_LOCK_SECONDS + " s is removed as a crashed writer's.",
                            e);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 50);
            }
        }
        try {
            return action.run();
        } finally {
            fs.delete(lock, false);
        }
    }

    /** The lock file of {@code key}. */
    Path lockPath(String key) {
        return new Path(tempDir, "lock-" + sha1(key));
    }

    /** Whether creating the lock failed because it exists, or because another thread of this client is creating it. */
    private static boolean heldByAnother(IOException e) {
        if (e instanceof FileAlreadyExistsException || e instanceof AlreadyBeingCreatedException) {
            return true;
        }
        return e instanceof RemoteException remote
                && (remote.getClassName().equals(AlreadyBeingCreatedException.class.getName())
                        || remote.getClassName().equals(FileAlreadyExistsException.class.getName()));
    }

    /**
     * Removes the lock if it is stale, holding a second lock for it: of two writers that found the same stale lock,
     * one removes it and takes the lock, and the other, which looks again under the second lock, then finds a fresh
     * lock and leaves it. A second lock is held for two calls to the NameNode, so a stale one is a crashed writer's.
     */
    private void removeIfStale(Path lock) throws IOException {
        if (!isStale(lock)) {
            return;
        }
        Path steal = lock.suffix(".steal");
        try {
            fs.create(steal, false).close();
        } catch (IOException e) {
            if (!heldByAnother(e)) {
                throw e;
            }
            if (isStale(steal)) {
                fs.delete(steal, false);
            }
            return;
        }
        try {
            if (isStale(lock)) {
                fs.delete(lock, false);
            }
        } finally {
            fs.delete(steal, false);
        }
    }

    private boolean isStale(Path file) throws IOException {
        try {
            return fs.getFileStatus(file).getModificationTime()
                    < System.currentTimeMillis() - STALE_LOCK_SECONDS * 1000;
        } catch (FileNotFoundException e) {
            return false; // released meanwhile
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.OTHER, "Interrupted while waiting for a lock of the model store", e);
        }
    }

    private static String sha1(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

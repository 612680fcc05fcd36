package io.modelstore.internal.cache;

import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Shared and exclusive locks on a cache entry's lock file, between the threads of this JVM and between JVMs.
 *
 * <p>A file lock belongs to the JVM, not the thread, and on POSIX closing any channel of a file drops every lock the
 * process holds on it; so each lock file has one slot per JVM: a read-write lock between threads, and one channel
 * that holds one OS lock (shared while this JVM's readers hold it, exclusive for a writer).
 */
public final class CacheLocks {

    private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();
    /** How long a waiter for another JVM's lock pauses between tries: doubling from 1 ms up to 50 ms. */
    private static final long FIRST_PAUSE_NANOS = 1_000_000;

    private static final long LAST_PAUSE_NANOS = 50_000_000;

    private CacheLocks() {}

    /** A held lock; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits for a shared lock: no writer in this JVM or another. */
    static Held shared(Path lockFile) {
        Slot slot = slot(lockFile);
        slot.threads.readLock().lock();
        try {
            synchronized (slot) {
                if (slot.readers == 0) {
                    slot.open(true);
                }
                slot.readers++;
            }
        } catch (RuntimeException e) {
            slot.threads.readLock().unlock();
            throw e;
        }
        return new Once(() -> {
            synchronized (slot) {
                if (--slot.readers == 0) {
                    slot.release();
                }
            }
            slot.threads.readLock().unlock();
        });
    }

    /** Waits for an exclusive lock: no reader or writer in this JVM or another. */
    static Held exclusive(Path lockFile) {
        Slot slot = slot(lockFile);
        slot.threads.writeLock().lock();
        try {
            slot.open(false);
        } catch (RuntimeException e) {
            slot.threads.writeLock().unlock();
            throw e;
        }
        return writer(slot);
    }

    /** An exclusive lock if no one holds the file now; empty otherwise (an entry in use). */
    static Optional<Held> tryExclusive(Path lockFile) {
        Slot slot = slot(lockFile);
        if (!slot.threads.writeLock().tryLock()) {
            return Optional.empty();
        }
        try {
            if (slot.tryOpen()) {
                return Optional.of(writer(slot));
            }
        } catch (RuntimeException e) {
            slot.threads.writeLock().unlock();
            throw e;
        }
        slot.threads.writeLock().unlock();
        return Optional.empty();
    }

    private static Held writer(Slot slot) {
        return new Once(() -> {
            slot.release();
            slot.threads.writeLock().unlock();
        });
    }

    private static Slot slot(Path lockFile) {
        return SLOTS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), Slot::new);
    }

    private static final class Slot {
        final Path file;
        final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
        int readers;
        FileChannel channel;
        FileLock lock;

        Slot(Path file) {
            this.file = file;
        }

        /**
         * Takes the OS lock by polling {@code tryLock} rather than blocking in {@code lock}: POSIX deadlock detection
         * sees processes, not threads, so two JVMs each with one thread holding an entry and another waiting for the
         * other's entry look like a cycle, and a blocking lock fails with EDEADLK although each holder will let go.
         */
        void open(boolean shared) {
            long pause = FIRST_PAUSE_NANOS;
            try {
                channel = channel();
                while ((lock = channel.tryLock(0, Long.MAX_VALUE, shared)) == null) {
                    java.util.concurrent.locks.LockSupport.parkNanos(pause);
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        throw new java.nio.channels.FileLockInterruptionException();
                    }
                    pause = Math.min(pause * 2, LAST_PAUSE_NANOS);
                }
            } catch (IOException | OverlappingFileLockException e) {
                release();
                throw failure(e);
            }
        }

        boolean tryOpen() {
            try {
                channel = channel();
                lock = channel.tryLock(0, Long.MAX_VALUE, false);
            } catch (OverlappingFileLockException e) {
                lock = null; // held through another channel of this JVM (another copy of this library): in use
            } catch (IOException e) {
                release();
                throw failure(e);
            }
            if (lock == null) {
                release();
                return false;
            }
            return true;
        }

        private FileChannel channel() throws IOException {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        void release() {
            try {
                if (channel != null) {
                    channel.close(); // releases the lock too
                }
            } catch (IOException ignored) {
                // closing a lock file fails only if it is gone; the lock went with it
            }
            channel = null;
            lock = null;
        }

        private StorageException failure(Exception e) {
            String why = e instanceof OverlappingFileLockException
                    ? "another copy of modelstore in this JVM (another class loader) holds it. Give each copy its own "
                            + "cache directory"
                    : e instanceof java.nio.channels.FileLockInterruptionException
                            ? "the thread was interrupted while it waited for another process to let go of it"
                            : e + ". Check the cache directory's permissions";
            return new StorageException(
                    StorageException.Reason.LOCAL_IO, "Cannot lock the cache entry " + file + ": " + why + ".", e);
        }
    }

    /** Runs its release once, however often it is closed. */
    private static final class Once implements Held {
        private Runnable release;

        Once(Runnable release) {
            this.release = release;
        }

        @Override
        public synchronized void close() {
            if (release != null) {
                Runnable r = release;
                release = null;
                r.run();
            }
        }
    }
}

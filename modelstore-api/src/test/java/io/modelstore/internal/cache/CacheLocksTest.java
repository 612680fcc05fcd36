package io.modelstore.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's locks as other holders see them. A lock held through another channel of this JVM (the test's own, as
 * another copy of the library would) overlaps the one {@link CacheLocks} takes: the JVM then refuses the second at
 * once, which tells here, as another process would be told by waiting, whether the OS lock is held.
 */
class CacheLocksTest {

    @TempDir
    Path dir;

    private FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Whether the file's OS lock is free: taken and let go at once if it is. */
    private boolean free(Path file) throws IOException {
        try (FileChannel channel = open(file)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
            }
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    /** Runs {@code call} in another thread; a lock this thread left held makes it wait: a timeout. Locks belong to
     * the thread that took them, so {@code call} closes what it takes. */
    private static <T> T inAnotherThread(java.util.concurrent.Callable<T> call) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return call.call();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                })
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    void readersHoldTheFileUntilTheLastOfThemIsDone() throws Exception {
        Path file = dir.resolve("a.lock");
        try (CacheLocks.Held first = CacheLocks.shared(file)) {
            assertThat(free(file)).isFalse();
            boolean heldByBoth = inAnotherThread(() -> {
                try (CacheLocks.Held second = CacheLocks.shared(file)) {
                    return !free(file);
                }
            });
            assertThat(heldByBoth).isTrue();
            assertThat(free(file)).as("one reader is left").isFalse();
        }
        assertThat(free(file)).isTrue();
    }

    @Test
    void aWriterHoldsTheFileAndLetsItGo() throws Exception {
        Path file = dir.resolve("a.lock");
        CacheLocks.Held held = CacheLocks.exclusive(file);
        assertThat(free(file)).isFalse();
        assertThat(inAnotherThread(() -> CacheLocks.tryExclusive(file).isPresent()))
                .as("in use")
                .isFalse();
        held.close();
        held.close();
        assertThat(free(file)).isTrue();
        Optional<CacheLocks.Held> taken = CacheLocks.tryExclusive(file);
        assertThat(taken).isPresent();
        assertThat(free(file)).isFalse();
        taken.get().close();
        assertThat(free(file)).isTrue();
    }

    private static boolean takenAndLetGo(Path file) throws Exception {
        return inAnotherThread(() -> {
            Optional<CacheLocks.Held> taken = CacheLocks.tryExclusive(file);
            taken.ifPresent(CacheLocks.Held::close);
            return taken.isPresent();
        });
    }

    @Test
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    void aFileHeldElsewhereIsInUseAndIsTakenOnceLetGo() throws Exception {
        Path file = dir.resolve("a.lock");
        try (FileChannel elsewhere = open(file);
                FileLock lock = elsewhere.lock()) {
            assertThat(CacheLocks.tryExclusive(file)).isEmpty();
        }
        assertThat(takenAndLetGo(file))
                .as("the failed try let go of this JVM's lock too")
                .isTrue();
    }

    @Test
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    void waitingForAFileHeldByAnotherCopyFailsAndSaysWhyAndLeavesTheLockUsable() throws Exception {
        Path file = dir.resolve("a.lock");
        try (FileChannel elsewhere = open(file);
                FileLock lock = elsewhere.lock()) {
            assertThatThrownBy(() -> CacheLocks.shared(file)).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.reason()).isEqualTo(StorageException.Reason.LOCAL_IO);
                assertThat(e)
                        .hasMessageContaining("Cannot lock the cache entry " + file)
                        .hasMessageContaining("another copy of modelstore in this JVM")
                        .hasMessageContaining("Give each copy its own cache directory");
            });
            assertThatThrownBy(() -> CacheLocks.exclusive(file))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("another copy of modelstore in this JVM");
        }
        assertThat(inAnotherThread(() -> {
                    try (CacheLocks.Held writer = CacheLocks.exclusive(file)) {
                        return !free(file);
                    }
                }))
                .isTrue();
        assertThat(inAnotherThread(() -> {
                    try (CacheLocks.Held reader = CacheLocks.shared(file)) {
                        return !free(file);
                    }
                }))
                .isTrue();
        assertThat(free(file)).isTrue();
    }

    @Test
    void aLockFileThatCannotBeCreatedFailsNamingItAndLeavesTheLockUsable() throws Exception {
        Path file = dir.resolve("missing-directory").resolve("a.lock");
        assertThatThrownBy(() -> CacheLocks.tryExclusive(file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot lock the cache entry " + file)
                .hasMessageContaining("permissions");
        assertThatThrownBy(() -> inAnotherThread(() -> CacheLocks.tryExclusive(file)))
                .as("fails alike, not 'in use'")
                .hasCauseInstanceOf(StorageException.class);
        assertThatThrownBy(() -> CacheLocks.exclusive(file)).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> inAnotherThread(() -> CacheLocks.shared(file)))
                .hasCauseInstanceOf(StorageException.class);
    }
}

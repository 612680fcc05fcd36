package io.modelstore.internal.cache;

import io.modelstore.internal.archive.ExpansionGuard;
import io.modelstore.internal.archive.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a model cache within its size: the least recently used entries go first, and an entry that a reader of this
 * or another JVM holds is never evicted.
 */
public final class CacheEviction {

    private static final Logger LOG = LoggerFactory.getLogger(CacheEviction.class);

    private final CacheLayout layout;
    private final long maxBytes;

    CacheEviction(CacheLayout layout, long maxBytes) {
        this.layout = layout;
        this.maxBytes = maxBytes;
    }

    private record Candidate(Path entry, Path lock, long bytes, FileTime lastUse) {}

    /** Evicts entries, oldest use first, until the cache holds at most maxBytes or only entries in use. */
    void run() {
        evict(0, null);
    }

    /**
     * Before a fill of {@code needed} bytes into {@code filling}: evicts entries, oldest use first and never one in use,
     * until the cache would hold at most maxBytes with them and its disk would keep its free margin; returns whether
     * the disk has room for them then (maxBytes may be passed for entries in use, the disk never).
     */
    boolean makeRoom(long needed, Path filling) {
        evict(needed, filling);
        return !shortOfSpace(needed);
    }

    /** Whether writing {@code bytes} more would leave the cache's disk less than its free margin. */
    boolean shortOfSpace(long bytes) {
        try {
            FileStore disk = Files.getFileStore(layout.root());
            return disk.getUsableSpace() - bytes < ExpansionGuard.margin(disk.getTotalSpace());
        } catch (IOException e) {
            return false; // unknown: the fill finds out
        }
    }

    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    private void evict(long needed, Path keep) {
        try {
            clearEvicted();
            List<Candidate> candidates = candidates();
            candidates.removeIf(c -> c.entry().equals(keep));
            long total = candidates.stream().mapToLong(Candidate::bytes).sum();
            if (needed > 0 && shortOfSpace(needed - total)) {
                return; // evicting every entry would not make room: keep them, the model goes around the cache
            }
            candidates.sort(Comparator.comparing(Candidate::lastUse));
            for (Candidate candidate : candidates) {
                if (total + needed <= maxBytes && !shortOfSpace(needed)) {
                    return;
                }
                Optional<CacheLocks.Held> lock = CacheLocks.tryExclusive(candidate.lock());
                if (lock.isPresent()) {
                    try (CacheLocks.Held held = lock.get()) {
                        if (Files.exists(candidate.entry(), LinkOption.NOFOLLOW_LINKS)) {
                            discard(candidate.entry());
                            total -= candidate.bytes();
                        }
                    }
                }
            }
            if (total + needed > maxBytes) {
                LOG.debug(
                        "The model cache {} holds {} bytes, more than its {}: the rest is in use.",
                        layout.root(),
                        total,
                        maxBytes);
            }
        } catch (IOException | UncheckedIOException e) {
            // A download that got its files must not fail because the cache could not shrink.
            LOG.warn(
                    "Cannot evict from the model cache {}: {}. It may grow past its maxBytes ({}).",
                    layout.root(),
                    e,
                    maxBytes);
        }
    }

    /** Takes an entry out with one rename, then deletes it; the caller holds its exclusive lock. */
    void discard(Path entry) throws IOException {
        Path away = layout.evicted().resolve(UUID.randomUUID().toString());
        Files.createDirectories(away.getParent());
        Files.move(entry, away, StandardCopyOption.ATOMIC_MOVE);
        Placement.deleteRecursively(away);
    }

    /** What an eviction cut short (by a crash) left; no lock is needed, as nothing reads there. */
    private void clearEvicted() throws IOException {
        if (Files.isDirectory(layout.evicted())) {
            try (Stream<Path> left = Files.list(layout.evicted())) {
                for (Path path : (Iterable<Path>) left::iterator) {
                    Placement.deleteRecursively(
                            path); // the directory stays: another JVM may be moving an entry into it
                }
            }
        }
    }

    private List<Candidate> candidates() throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        try (Stream<Path> domains = Files.list(layout.entries())) {
            for (Path domain : (Iterable<Path>) domains::iterator) {
                try (Stream<Path> entries = Files.list(domain)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        candidates.add(
                                new Candidate(entry, layout.lock(entry), bytes(entry), lastUse(layout.lastUse(entry))));
                    }
                } catch (NoSuchFileException e) {
                    // gone meanwhile
                }
            }
        }
        return candidates;
    }

    private static FileTime lastUse(Path marker) {
        try {
            return Files.getLastModifiedTime(marker);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // never used since it was filled: first to go
        }
    }

    private static long bytes(Path entry) {
        try (Stream<Path> files = Files.walk(entry)) {
            return files.mapToLong(f -> {
                        try {
                            BasicFileAttributes attributes =
                                    Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            return attributes.isRegularFile() ? attributes.size() : 0;
                        } catch (IOException e) {
                            return 0; // evicted by another JVM meanwhile
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}

package io.modelstore.internal.cache;

import io.modelstore.CacheListener;
import io.modelstore.ModelMetadata;
import io.modelstore.internal.archive.ExpansionGuard;
import io.modelstore.internal.archive.OutOfSpaceException;
import io.modelstore.internal.archive.Placement;
import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of downloaded models, shared safely by the threads and JVMs that use it: each entry is filled once,
 * under its exclusive lock, and moved in whole with a {@link CacheManifest} of its files; it is read under a shared
 * lock that keeps it from being evicted, and only after its manifest says that nothing changed it since. An entry found
 * changed is filled again. See {@link CacheLayout} for the files.
 */
public final class ModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    /** Fills are retried this often when another JVM evicts the entry between its fill and its use. */
    private static final int ATTEMPTS = 3;

    /** Writes a model's files, verified, into a directory that does not exist yet. */
    public interface Filler {
        void fill(Path directory);
    }

    private final CacheLayout layout;
    private final CacheEviction eviction;
    private final CacheListener listener;
    private final java.util.concurrent.atomic.AtomicBoolean warnedShort =
            new java.util.concurrent.atomic.AtomicBoolean();

    public ModelCache(CacheSettings settings) {
        this(settings, new CacheListener() {});
    }

    public ModelCache(CacheSettings settings, CacheListener listener) {
        this.listener = listener;
        Path root = settings.directory().toAbsolutePath().normalize();
        try {
            // The real path: two paths to one directory (a link, a bind mount) must share one set of locks.
            root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.LOCAL_IO,
                    "Cannot create the model cache directory " + root + ": " + e
                            + ". Give a directory this process may write to.",
                    e);
        }
        this.layout = new CacheLayout(root);
        this.eviction = new CacheEviction(layout, settings.maxBytes());
        try {
            Files.createDirectories(layout.entries());
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.LOCAL_IO,
                    "Cannot create the model cache directory " + layout.root() + ": " + e
                            + ". Give a directory this process may write to.",
                    e);
        }
    }

    /**
     * The model's files, from its entry, which {@code filler} fills first when it is missing, not this model's, or
     * changed since it was filled (found by its manifest, then filled again).
     *
     * @throws ShortOfSpace when the entry is not there and does not fit, even after evicting what may go
     */
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    public ModelFiles open(ModelMetadata meta, Filler filler) {
        Path entry = layout.entry(meta.domain(), meta.modelId());
        Path lock = layout.lock(entry);
        boolean filled = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            createParent(lock);
            CacheLocks.Held reading = CacheLocks.shared(lock);
            Verdict verdict;
            try {
                verdict = verdict(entry, meta);
            } catch (RuntimeException e) {
                reading.close();
                throw e;
            }
            if (verdict.whole()) {
                touch(layout.lastUse(entry));
                if (filled) {
                    eviction.run(); // while this entry is held, so not it
                }
                tell(meta, filled);
                return new ModelFiles(entry.resolve(CacheLayout.FILES), meta, reading, () -> changesOf(entry));
            }
            reading.close();
            try (CacheLocks.Held filling = CacheLocks.exclusive(lock)) {
                Verdict again = verdict(entry, meta); // another thread or JVM may have filled it while this one waited
                if (!again.whole()) {
                    again.damage()
                            .ifPresent(what -> LOG.warn(
                                    "The model cache entry {} of model '{}' of domain '{}' changed "
                                            + "after it was filled: {}. It is not used; it is filled again from the storage.",
                                    entry,
                                    meta.modelId(),
                                    meta.domain(),
                                    what));
                    fill(entry, meta, filler, again.damage());
                    touch(layout.lastUse(entry));
                    filled = true;
                }
            }
        }
        throw new StorageException(
                StorageException.Reason.LOCAL_IO,
                "The model cache " + layout.root() + " evicted model '"
                        + meta.modelId() + "' of domain '" + meta.domain()
                        + "' each time it was filled: the models in use take more "
                        + "than its maxBytes. Raise maxBytes.");
    }

    /** Whether an entry may be used: whole (this model, its files as recorded), or what was found changed. */
    private record Verdict(boolean whole, Optional<String> damage) {}

    private Verdict verdict(Path entry, ModelMetadata meta) {
        if (!holds(entry, meta)) {
            return new Verdict(false, Optional.empty()); // none, half, or another model of that name: just fill it
        }
        Optional<String> damage = changesOf(entry);
        return new Verdict(damage.isEmpty(), damage);
    }

    /**
     * What changed in the entry's files since it was filled, by its manifest; empty when nothing did. A file whose
     * identity changed but whose bytes did not (a restored cache) has its new identity recorded.
     */
    private Optional<String> changesOf(Path entry) {
        Path files = entry.resolve(CacheLayout.FILES);
        Path manifestFile = entry.resolve(CacheLayout.MANIFEST);
        try {
            if (!Files.isDirectory(files, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("'" + CacheLayout.FILES + "' is not a directory");
            }
            Optional<CacheManifest> manifest = Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)
                    ? CacheManifest.fromJson(Files.readString(manifestFile))
                    : Optional.empty();
            if (manifest.isEmpty()) {
                return Optional.of("it has no readable " + CacheLayout.MANIFEST + " of its files (an entry of an older "
                        + "modelstore-java, or a damaged one)");
            }
            CacheManifest.Check check = manifest.get().check(files);
            if (check.damage().isEmpty() && check.identitiesChanged()) {
                rewrite(manifestFile, manifest.get().withIdentitiesOf(files));
            }
            return check.damage();
        } catch (IOException e) {
            return Optional.of("it cannot be read (" + e + ")");
        }
    }

    /** Replaces a manifest in one step, so that a reader sees the old one or the new one. */
    private static void rewrite(Path manifestFile, CacheManifest manifest) throws IOException {
        Path next =
                manifestFile.resolveSibling(manifestFile.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(next, manifest.toJson(), StandardCharsets.UTF_8);
            Files.move(next, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
    }

    /** A listener that throws is logged: it must not fail a download that succeeded. */
    private void tell(ModelMetadata meta, boolean filled) {
        try {
            if (filled) {
                listener.miss(meta);
            } else {
                listener.hit(meta);
            }
        } catch (RuntimeException e) {
            LOG.warn("A model cache listener failed: {}", e.toString());
        }
    }

    /** The metadata of a cached model, for when the storage cannot be reached. */
    public Optional<ModelMetadata> metadata(String domain, String modelId) {
        return readMetadata(layout.entry(domain, modelId));
    }

    /** The ids of the domain's cached models, sorted. */
    public List<String> modelIds(String domain) {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(layout.domainEntries(domain))) {
            entries.forEach(e -> ids.add(CacheLayout.decode(e.getFileName().toString())));
        } catch (IOException e) {
            return List.of(); // none cached, or the cache is unreadable: either way none to offer
        }
        ids.sort(null);
        return ids;
    }

    /** Whether the entry is whole and is this model (not another store's model of the same name, say). */
    private boolean holds(Path entry, ModelMetadata meta) {
        return readMetadata(entry).map(meta::equals).orElse(false);
    }

    private Optional<ModelMetadata> readMetadata(Path entry) {
        try {
            return Optional.of(ModelMetadata.fromJson(Files.readString(entry.resolve(CacheLayout.METADATA))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("The model cache entry {} is unreadable ({}): it will be filled again.", entry, e.toString());
            return Optional.empty();
        }
    }

    /** Called under the entry's exclusive lock; {@code damage} is what was found changed in the entry it replaces. */
    private void fill(Path entry, ModelMetadata meta, Filler filler, Optional<String> damage) {
        long needed = meta.expandedSize().orElse(meta.archiveSize().orElse(0));
        if (!eviction.makeRoom(needed, entry)) {
            throw shortOfSpace(meta, needed, null);
        }
        Path staging = layout.filling(entry);
        try {
            Placement.deleteRecursively(staging); // what a fill that crashed left
            Files.createDirectories(staging);
            Path files = staging.resolve(CacheLayout.FILES);
            filler.fill(files);
            readOnly(files);
            Files.writeString(
                    staging.resolve(CacheLayout.MANIFEST),
                    CacheManifest.record(files).toJson(),
                    StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(CacheLayout.METADATA), meta.toJson(), StandardCharsets.UTF_8);
            if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                eviction.discard(entry); // damaged, or another model of that name
            }
            createParent(entry);
            Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
            warnedShort.set(false); // a later shortage is news again
        } catch (IOException | RuntimeException e) {
            if (OutOfSpaceException.isCause(e) || eviction.shortOfSpace(0)) {
                throw shortOfSpace(meta, needed, e);
            }
            RuntimeException failure = e instanceof RuntimeException r
                    ? r
                    : new StorageException(
                            StorageException.Reason.LOCAL_IO,
                            "Cannot put model '" + meta.modelId() + "' of domain '" + meta.domain()
                                    + "' in the model cache at " + entry + ": " + e
                                    + ". Check the free space and permissions of "
                                    + layout.root() + ".",
                            e);
            throw damage.isEmpty() ? failure : refilling(meta, entry, damage.get(), failure);
        } finally {
            try {
                Placement.deleteRecursively(staging);
            } catch (IOException e) {
                LOG.warn("Cannot remove {}: {}. The next fill of that model removes it.", staging, e.toString());
            }
        }
    }

    /** A damaged entry that could not be filled again: say so, as the storage's error alone would hide it. */
    private static RuntimeException refilling(ModelMetadata meta, Path entry, String damage, RuntimeException failure) {
        String message = "The cached copy of model '" + meta.modelId() + "' of domain '" + meta.domain() + "' at "
                + entry
                + " changed after it was filled (" + damage + "), so it is not used, and filling it again failed: "
                + failure.getMessage();
        if (failure instanceof StorageException s) {
            return new StorageException(s.reason(), message, failure);
        }
        return new StorageException(StorageException.Reason.LOCAL_IO, message, failure);
    }

    /** The cache cannot take the model: told once (a WARN) until a fill succeeds again, and the model goes around it. */
    private ShortOfSpace shortOfSpace(ModelMetadata meta, long needed, Exception cause) {
        String message = "The model cache " + layout.root() + " is short of space: model '" + meta.modelId()
                + "' of domain '"
                + meta.domain() + "'" + (needed > 0 ? " (" + ExpansionGuard.size(needed) + ")" : "") + " does not fit "
                + "even after evicting the models not in use" + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + ". Models not in the cache are downloaded without it, each time they are used, until space is freed on "
                + "its disk or the cache is given a larger one.";
        if (warnedShort.compareAndSet(false, true)) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
        return new ShortOfSpace(message, cause);
    }

    /** The cache has no room for a model: deliver it without the cache. */
    public static final class ShortOfSpace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShortOfSpace(String message, Exception cause) {
            super(message, cause);
        }
    }

    /** The cache's files are not to be written by the processes that read them (root ignores this: hence the manifest). */
    private static void readOnly(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .forEach(f -> f.toFile().setWritable(false, false));
        }
    }

    private static void touch(Path lastUse) {
        try {
            try {
                Files.createFile(lastUse);
            } catch (FileAlreadyExistsException e) {
                // used before: only its time changes
            }
            Files.setLastModifiedTime(lastUse, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.warn(
                    "Cannot record the use of the model cache entry {}: {}. It may be evicted early.",
                    lastUse,
                    e.toString());
        }
    }

    private void createParent(Path path) {
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.LOCAL_IO,
                    "Cannot write to the model cache " + layout.root() + ": " + e
                            + ". Check its permissions and free space.",
                    e);
        }
    }
}

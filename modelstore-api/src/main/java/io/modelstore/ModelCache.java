package io.modelstore;

import io.modelstore.spi.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

/**
 * A directory of downloaded models, shared safely by the threads and JVMs that use it: each entry is filled once,
 * under its exclusive lock, and moved in whole; it is never changed afterwards, and is read under a shared lock that
 * keeps it from being evicted. See {@link CacheLayout} for the files.
 */
final class ModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    /** Fills are retried this often when another JVM evicts the entry between its fill and its use. */
    private static final int ATTEMPTS = 3;

    /** Writes a model's files, verified, into a directory that does not exist yet. */
    interface Filler {
        void fill(Path directory);
    }

    private final CacheLayout layout;
    private final CacheEviction eviction;
    private final CacheListener listener;

    ModelCache(CacheSettings settings) {
        this(settings, new CacheListener() {
        });
    }

    ModelCache(CacheSettings settings, CacheListener listener) {
        this.listener = listener;
        Path root = settings.directory().toAbsolutePath().normalize();
        try {
            // The real path: two paths to one directory (a link, a bind mount) must share one set of locks.
            root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.LOCAL_IO, "Cannot create the model cache directory "
                    + root + ": " + e + ". Give a directory this process may write to.", e);
        }
        this.layout = new CacheLayout(root);
        this.eviction = new CacheEviction(layout, settings.maxBytes());
        try {
            Files.createDirectories(layout.entries());
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.LOCAL_IO, "Cannot create the model cache directory "
                    + layout.root() + ": " + e + ". Give a directory this process may write to.", e);
        }
    }

    /** The model's files, from its entry, which {@code filler} fills first when it is missing or not this model's. */
    ModelFiles open(ModelMetadata meta, Filler filler) {
        Path entry = layout.entry(meta.domain(), meta.modelId());
        Path lock = layout.lock(entry);
        boolean filled = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            createParent(lock);
            CacheLocks.Held reading = CacheLocks.shared(lock);
            if (holds(entry, meta)) {
                touch(layout.lastUse(entry));
                if (filled) {
                    eviction.run(); // while this entry is held, so not it
                }
                tell(meta, filled);
                return new ModelFiles(entry.resolve(CacheLayout.FILES), meta, reading);
            }
            reading.close();
            try (CacheLocks.Held filling = CacheLocks.exclusive(lock)) {
                if (!holds(entry, meta)) { // else another thread or JVM filled it while this one waited
                    fill(entry, meta, filler);
                    touch(layout.lastUse(entry));
                    filled = true;
                }
            }
        }
        throw new StorageException(StorageException.Reason.LOCAL_IO, "The model cache " + layout.root() + " evicted model '"
                + meta.modelId() + "' of domain '" + meta.domain() + "' each time it was filled: the models in use take more "
                + "than its maxBytes. Raise maxBytes.");
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
    Optional<ModelMetadata> metadata(String domain, String modelId) {
        return readMetadata(layout.entry(domain, modelId));
    }

    /** The ids of the domain's cached models, sorted. */
    List<String> modelIds(String domain) {
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

    /** Called under the entry's exclusive lock. */
    private void fill(Path entry, ModelMetadata meta, Filler filler) {
        Path staging = layout.filling(entry);
        try {
            Placement.deleteRecursively(staging); // what a fill that crashed left
            Files.createDirectories(staging);
            filler.fill(staging.resolve(CacheLayout.FILES));
            Files.writeString(staging.resolve(CacheLayout.METADATA), meta.toJson(), StandardCharsets.UTF_8);
            readOnly(staging.resolve(CacheLayout.FILES));
            if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                eviction.discard(entry); // damaged, or another model of that name
            }
            createParent(entry);
            Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.LOCAL_IO, "Cannot put model '" + meta.modelId()
                    + "' of domain '" + meta.domain() + "' in the model cache at " + entry + ": " + e + ". Check the free "
                    + "space and permissions of " + layout.root() + ".", e);
        } finally {
            try {
                Placement.deleteRecursively(staging);
            } catch (IOException e) {
                LOG.warn("Cannot remove {}: {}. The next fill of that model removes it.", staging, e.toString());
            }
        }
    }

    /** Files shared by hard links with targets must not be changed through them. */
    private static void readOnly(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).forEach(f -> f.toFile().setWritable(false, false));
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
            LOG.warn("Cannot record the use of the model cache entry {}: {}. It may be evicted early.", lastUse, e.toString());
        }
    }

    private void createParent(Path path) {
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.LOCAL_IO, "Cannot write to the model cache "
                    + layout.root() + ": " + e + ". Check its permissions and free space.", e);
        }
    }
}

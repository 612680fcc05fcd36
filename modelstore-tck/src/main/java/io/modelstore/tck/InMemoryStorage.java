package io.modelstore.tck;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Blobs in memory: a {@link Storage} that passes the whole contract suite, so that the store's logic (commit
 * protocol, latest pointer, listing, states) is tested in milliseconds without a server, and fault-injecting
 * decorators have something real to wrap. Conditional writes are atomic; listings are sorted snapshots.
 *
 * <p>{@link #named(String)} gives the storage of a name, shared by everything in this JVM that opens it (as
 * {@code memory://name} does through {@link InMemoryStorageProvider}); {@code new InMemoryStorage()} gives a private
 * one. Closing does not discard the blobs.
 */
public final class InMemoryStorage implements Storage {

    private static final Map<String, InMemoryStorage> NAMED = new ConcurrentHashMap<>();

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record Blob(byte[] bytes, Instant modified, String version) {}

    private final String name;
    private final ConcurrentSkipListMap<String, Blob> blobs = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong versions = new AtomicLong();

    /** A new, empty storage of its own. */
    public InMemoryStorage() {
        this("anonymous");
    }

    private InMemoryStorage(String name) {
        this.name = name;
    }

    /** The storage of this name in this JVM, created empty on first use. */
    public static InMemoryStorage named(String name) {
        return NAMED.computeIfAbsent(name, InMemoryStorage::new);
    }

    @Override
    public String describe() {
        return "memory://" + name;
    }

    @Override
    public Map<String, Object> location(String key) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("type", "memory");
        location.put("name", name);
        location.put("prefix", key);
        return location;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Blob blob = blobs.get(key);
        return blob == null ? Optional.empty() : Optional.of(info(key, blob));
    }

    @Override
    public InputStream read(String key) {
        Blob blob = blobs.get(key);
        if (blob == null) {
            throw new BlobNotFoundException(key);
        }
        return new ByteArrayInputStream(blob.bytes());
    }

    @Override
    public InputStream read(String key, long offset) {
        Blob blob = blobs.get(key);
        if (blob == null) {
            throw new BlobNotFoundException(key);
        }
        int from = (int) Math.min(offset, blob.bytes().length);
        return new ByteArrayInputStream(blob.bytes(), from, blob.bytes().length - from);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        try {
            return write(key, Files.readAllBytes(source), condition);
        } catch (IOException e) {
            throw new StorageException(
                    Reason.LOCAL_IO,
                    "Cannot read " + source + " to write it to " + describe() + "/" + key + ": " + e,
                    e);
        }
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        Blob blob = new Blob(content.clone(), Instant.now(), "v" + versions.incrementAndGet());
        writeLock.lock();
        try {
            Blob current = blobs.get(key);
            if (condition.isIfAbsent() && current != null) {
                return false;
            }
            if (condition.expectedVersion() != null
                    && (current == null || !current.version().equals(condition.expectedVersion()))) {
                return false;
            }
            blobs.put(key, blob);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        ConcurrentNavigableMap<String, Blob> tail = blobs.tailMap(prefix, true);
        List<BlobInfo> found = new ArrayList<>();
        for (Map.Entry<String, Blob> e : tail.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            found.add(info(e.getKey(), e.getValue()));
        }
        return found.stream();
    }

    @Override
    public boolean delete(String key) {
        writeLock.lock();
        try {
            return blobs.remove(key) != null;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryStorage[" + name + ", " + blobs.size() + " blobs]";
    }

    private static BlobInfo info(String key, Blob blob) {
        return new BlobInfo(key, blob.bytes().length, blob.modified(), blob.version());
    }
}

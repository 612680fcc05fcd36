package io.modelstore;

import io.modelstore.internal.Layout;
import io.modelstore.internal.archive.ArchiveWriter;
import io.modelstore.internal.cache.CacheSettings;
import io.modelstore.internal.store.StoreParts;
import io.modelstore.spi.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Builds a {@link ModelStore} on a {@link Storage}, with settings beyond the factories' defaults; from
 * {@link ModelStore#builder(Storage)}.
 */
public final class ModelStoreBuilder {
    private final Storage storage;
    private String rootPrefix = "";
    private Clock clock = Clock.system(ZoneId.systemDefault()); // local times, as Python writes them
    private int compressionLevel = 1;
    private CacheSettings cache; // null: none
    private CacheListener cacheListener = new CacheListener() {};
    private ProgressListener progress = ProgressListener.NONE;

    ModelStoreBuilder(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** The key prefix the store lives below (Python's {@code root_prefix}); default none. */
    public ModelStoreBuilder rootPrefix(String prefix) {
        this.rootPrefix = Layout.normalizePrefix(prefix);
        return this;
    }

    /** The clock that dates uploads; its zone is that of Python's local times and archive keys. Default: the system's. */
    public ModelStoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The gzip level of archives, 1 (fastest, the default) to 9 (smallest; what Python uses). */
    public ModelStoreBuilder compressionLevel(int level) {
        this.compressionLevel = ArchiveWriter.checkLevel(level);
        return this;
    }

    /** Downloads go through a verified cache in {@code directory} that JVMs share, evicted past {@code maxBytes} (README). */
    public ModelStoreBuilder cache(Path directory, long maxBytes) {
        this.cache = new CacheSettings(Objects.requireNonNull(directory, "directory"), maxBytes);
        return this;
    }

    /** Told of each cache hit and miss, such as to count them; only used with a {@link #cache(Path, long) cache}. */
    public ModelStoreBuilder cacheListener(CacheListener listener) {
        this.cacheListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Told how far each transfer has got that was not given a listener of its own: above all the downloads that
     * {@link ModelStore#load load} and {@link ModelStore#follow follow} make to fill the cache, and uploads and
     * downloads called without one. It hears every such transfer of the store, several at once when they overlap
     * (each from its own threads), so it must be thread-safe. Default: none.
     */
    public ModelStoreBuilder progressListener(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** As {@link #cache(Path, long)}, with the size as text: bytes, or with K, M, G or T (powers of 1024), such as 10G. */
    public ModelStoreBuilder cache(Path directory, String maxBytes) {
        return cache(directory, CacheSettings.bytes(Objects.requireNonNull(maxBytes, "maxBytes"), "maxBytes"));
    }

    /** The store, its parts wired once; the builder may go on to build others. */
    public ModelStore build() {
        return new ModelStore(
                new StoreParts(storage, rootPrefix, clock, compressionLevel, cache, cacheListener, progress));
    }
}

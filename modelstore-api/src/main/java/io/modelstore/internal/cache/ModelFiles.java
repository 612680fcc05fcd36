package io.modelstore.internal.cache;

import io.modelstore.ModelMetadata;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A model's files, read-only, for as long as this is open: a cache entry held against eviction, or a temporary
 * directory (without a cache) that closing deletes.
 */
public final class ModelFiles implements AutoCloseable {

    private final Path directory;
    private final ModelMetadata metadata;
    private final CacheLocks.Held release;
    private final Supplier<Optional<String>> changes;

    /** Files that no one else writes to (a temporary directory of this process). */
    public ModelFiles(Path directory, ModelMetadata metadata, CacheLocks.Held release) {
        this(directory, metadata, release, Optional::empty);
    }

    /** @param changes what changed in the files since they were checked; empty when nothing did */
    public ModelFiles(
            Path directory, ModelMetadata metadata, CacheLocks.Held release, Supplier<Optional<String>> changes) {
        this.directory = directory;
        this.metadata = metadata;
        this.release = release;
        this.changes = changes;
    }

    /** The directory that holds the model's files (as its archive does); do not write to it. */
    public Path directory() {
        return directory;
    }

    ModelMetadata metadata() {
        return metadata;
    }

    /**
     * After the files were read: throws {@link Changed} when they changed since they were handed out (something wrote
     * into the cache meanwhile), so that what was read from them is thrown away and the model is read again.
     */
    public void confirmUnchanged() {
        Optional<String> changed = changes.get();
        if (changed.isPresent()) {
            throw new Changed(changed.get());
        }
    }

    /** Releases the entry (or deletes the temporary directory); the directory must no longer be read. */
    @Override
    public void close() {
        release.close();
    }

    /** The files changed while they were read. */
    public static final class Changed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Changed(String what) {
            super(what, null, false, false);
        }
    }
}

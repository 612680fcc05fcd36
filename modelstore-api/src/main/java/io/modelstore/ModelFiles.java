package io.modelstore;

import java.nio.file.Path;

/**
 * A model's files, read-only, for as long as this is open: a cache entry held against eviction, or a temporary
 * directory (without a cache) that closing deletes.
 */
final class ModelFiles implements AutoCloseable {

    private final Path directory;
    private final ModelMetadata metadata;
    private final CacheLocks.Held release;

    ModelFiles(Path directory, ModelMetadata metadata, CacheLocks.Held release) {
        this.directory = directory;
        this.metadata = metadata;
        this.release = release;
    }

    /** The directory that holds the model's files (as its archive does); do not write to it. */
    Path directory() {
        return directory;
    }

    ModelMetadata metadata() {
        return metadata;
    }

    /** Releases the entry (or deletes the temporary directory); the directory must no longer be read. */
    @Override
    public void close() {
        release.close();
    }
}

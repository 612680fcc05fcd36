package io.modelstore;

/**
 * Told of each use of the model cache ({@link ModelStoreBuilder#cache(java.nio.file.Path, long)}), such as to count
 * hits and misses in a metrics registry. Called on the downloading thread: keep it quick, and do not throw.
 */
public interface CacheListener {

    /** The model was served from its cache entry, without a download. */
    default void hit(ModelMetadata model) {}

    /** The model was not cached (or its entry was not whole): it was downloaded, verified and cached. */
    default void miss(ModelMetadata model) {}
}

package io.modelstore.spi;

import java.util.Map;

/**
 * Creates a {@link Storage} for one backend; found with {@link java.util.ServiceLoader}.
 *
 * <p>A backend module lists its provider in {@code META-INF/services/io.modelstore.spi.StorageProvider}.
 * The provider class itself must load without the backend's SDK, so that a missing SDK is reported by
 * {@link #checkAvailable()} with its cause rather than as a class-loading failure of the catalog.
 */
public interface StorageProvider {

    /** The backend id, one of Python's {@code MODEL_STORE_STORAGE} names such as {@code filesystem} or {@code aws-s3}. */
    String id();

    /**
     * Loads the classes the backend needs (its SDK), so that a broken installation is found when the
     * backend is looked up. The default does nothing.
     *
     * @throws LinkageError or a {@link RuntimeException} when the backend cannot work on this classpath
     */
    default void checkAvailable() {
    }

    /**
     * Opens the storage from string settings (the keys are documented by each backend, such as
     * {@code root} for the file system). Implementations check that the storage is reachable and usable
     * and fail with a message that says what to do.
     */
    Storage create(Map<String, String> settings);
}

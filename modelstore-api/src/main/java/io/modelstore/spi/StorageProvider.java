package io.modelstore.spi;

import java.util.List;
import java.util.Map;

/**
 * Creates a {@link Storage} for one backend; found with {@link java.util.ServiceLoader}.
 *
 * <p>A backend implements two methods, {@link #id()} and {@link #create(Map)}, and lists its provider in
 * {@code META-INF/services/io.modelstore.spi.StorageProvider}. That is enough to reach it in every way a
 * first-party backend is reached:
 * <ul>
 * <li>by URI: {@code ModelStore.open("<id>://<location>/<root prefix>?<key>=<value>")} gives {@link #create} the
 *     setting {@code location} (the URI's authority) and every query parameter;</li>
 * <li>by environment: {@code MODEL_STORE_STORAGE=<id>} with {@code MODEL_STORE_<ID>_<KEY>} for each setting (upper
 *     case, {@code -} as {@code _}), and {@code MODEL_STORE_<ID>_ROOT_PREFIX};</li>
 * <li>by properties: {@code modelstore.storage=<id>} with {@code modelstore.<id>.<key>};</li>
 * <li>by Guice ({@code ModelStoreModule}) and by the command line ({@code MODELSTORE_CLASSPATH}).</li>
 * </ul>
 *
 * <p>The default methods let a provider say more, as the first-party backends do: its own URI schemes
 * ({@link #uriSchemes()}), how a URI maps to settings ({@link #fromUri(StoreUri)}), and its typed settings with
 * their environment variables, which of them are required and which are secrets ({@link #settings()}). With
 * settings declared, a missing required one or an unknown one is reported before {@link #create} is called.
 *
 * <p>The provider class itself must load without the backend's SDK, so that a missing SDK is reported by
 * {@link #checkAvailable()} with its cause rather than as a class-loading failure of the catalog.
 */
public interface StorageProvider {

    /** The backend id, such as {@code filesystem} or {@code aws-s3} (Python's {@code MODEL_STORE_STORAGE} names). */
    String id();

    /**
     * Opens the storage from string settings, keyed as {@link #settings()} declares (or as the backend documents).
     * Implementations check that the storage is reachable and usable, and fail with a {@link StorageException}
     * whose {@link StorageException#reason() reason} says why.
     */
    Storage create(Map<String, String> settings);

    /**
     * Loads the classes the backend needs (its SDK), so that a broken installation is found when the
     * backend is looked up. The default does nothing.
     *
     * @throws LinkageError or a {@link RuntimeException} when the backend cannot work on this classpath
     */
    default void checkAvailable() {}

    /** The URI schemes that name this backend, in lower case; the default is the id alone. */
    default List<String> uriSchemes() {
        return List.of(id());
    }

    /**
     * The settings {@link #create} reads. The default, an empty list, means "undeclared": every key is passed on
     * unchecked. When the list is not empty, keys it does not declare are refused, required ones are checked
     * before {@link #create}, secrets are hidden and never read from a URI, and each setting's environment
     * variables are read.
     */
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * The settings a URI of one of {@link #uriSchemes()} gives, with the root prefix under
     * {@value Setting#ROOT_PREFIX}. The default is {@code uri.settings("location")}: the authority as
     * {@code location}, the query's parameters, and the path as the root prefix.
     */
    default Map<String, String> fromUri(StoreUri uri) {
        return uri.settings("location");
    }
}

package io.modelstore;

import io.modelstore.internal.Layout;
import io.modelstore.internal.cache.CacheSettings;
import io.modelstore.internal.config.SettingsResolution;
import io.modelstore.spi.Endpoints;
import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Which backend a store uses and its settings, resolved from a URI, environment variables or properties, so that
 * the code that uses a {@link ModelStore} does not change when the storage does. Open it with
 * {@link ModelStore#open(StoreConfig)}.
 *
 * <p>Every backend, first-party or not, is reached the same three ways; what each one reads comes from its
 * {@link StorageProvider} (its URI schemes, how a URI maps to its settings, its settings and their environment
 * variables), so this class knows no backend's names:
 * <ul>
 * <li>a URI {@code <scheme>://<location>/<root prefix>?<setting>=<value>}, such as
 *     {@code s3://bucket/prefix?region=eu-central-1}, {@code minio://host:9000/bucket/prefix},
 *     {@code gs://bucket/prefix?project=p}, {@code az://container/prefix}, {@code file:///srv/models} or a plain
 *     directory path;</li>
 * <li>the environment: {@code MODEL_STORE_STORAGE=<backend id>} and each setting's variables (Python modelstore's
 *     names for the first-party backends, such as {@code MODEL_STORE_AWS_BUCKET}), and always
 *     {@code MODEL_STORE_<ID>_<SETTING>};</li>
 * <li>properties: {@code modelstore.uri}, or {@code modelstore.storage} with {@code modelstore.<id>.<setting>}, and
 *     {@code modelstore.root-prefix}.</li>
 * </ul>
 * A store's model cache is set apart from its backend: {@code MODEL_STORE_CACHE_DIR} and
 * {@code MODEL_STORE_CACHE_MAX_BYTES} (read with the environment and with a URI), or {@code modelstore.cache.dir} and
 * {@code modelstore.cache.max-bytes} (properties).
 * No secret is read from a URI: a secret setting that a URI or properties leave out is read from its environment
 * variables. {@link #toString()} never shows a secret. No endpoint holds credentials: an endpoint setting
 * ({@link Setting#endpoint()}), or any setting whose value is a URL, with user info ({@code http://user:password@host},
 * from a variable, a property, or a URI's query even percent-encoded) is refused, its user info masked in the message
 * (see {@link Endpoints}).
 */
public final class StoreConfig {

    private final String backendId;
    private final Map<String, String> settings;
    private final Map<String, String> origins;
    private final String rootPrefix;
    private final String source;
    private final CacheSettings cache; // null: none

    private StoreConfig(
            String backendId,
            Map<String, String> settings,
            Map<String, String> origins,
            String rootPrefix,
            String source,
            CacheSettings cache) {
        this.backendId = backendId;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.origins = Map.copyOf(origins);
        this.rootPrefix = Layout.normalizePrefix(rootPrefix);
        this.source = source;
        this.cache = cache;
    }

    /** Parsing and resolution are {@link SettingsResolution}'s: this class is the value they give. */
    private StoreConfig(SettingsResolution.Resolved resolved) {
        this(
                resolved.backendId(),
                resolved.settings(),
                resolved.origins(),
                resolved.rootPrefix(),
                resolved.source(),
                null);
    }

    /** A backend with explicit settings (the provider's keys) and root prefix. */
    public static StoreConfig of(String backendId, Map<String, String> settings, String rootPrefix) {
        return of(backendId, settings, rootPrefix, "code");
    }

    /** As {@link #of(String, Map, String)}, saying where the configuration came from (for {@link #toString()}). */
    public static StoreConfig of(String backendId, Map<String, String> settings, String rootPrefix, String source) {
        Objects.requireNonNull(backendId, "backendId");
        SettingsResolution.refuseEndpointCredentials(backendId, settings, source);
        return new StoreConfig(backendId, settings, Map.of(), rootPrefix, source, null);
    }

    // ------------------------------------------------------------------ URI

    /** Parses a store URI (see the class comment), reading left-out secrets from this process's environment. */
    public static StoreConfig fromUri(String uri) {
        return fromUri(uri, System.getenv());
    }

    /**
     * Parses a store URI: {@code <scheme>://<location>/<path>?<setting>=<value>} or a plain directory path (whose
     * {@code ?query} is read as a URI's). The backend whose {@link StorageProvider#uriSchemes()} has the scheme turns
     * it into settings; a secret it needs comes from {@code env}, never from the URI. A known scheme without its
     * {@code //} ({@code s3:/bucket}) is refused as malformed, not taken as a directory.
     */
    public static StoreConfig fromUri(String uri, Map<String, String> env) {
        return new StoreConfig(SettingsResolution.fromUri(uri, env))
                .withCache(CacheSettings.read(env, CacheSettings.DIR_VARIABLE, CacheSettings.MAX_BYTES_VARIABLE));
    }

    // ------------------------------------------------------------------ environment

    /** From this process's environment variables (see {@link #fromEnvironment(Map)}). */
    public static StoreConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * From environment variables: {@code MODEL_STORE_STORAGE} names the backend, and each of its settings is read
     * from the variables it declares (Python modelstore's, for the first-party backends, so a deployment configured
     * for Python works unchanged) or from {@code MODEL_STORE_<ID>_<SETTING>}.
     */
    public static StoreConfig fromEnvironment(Map<String, String> env) {
        return new StoreConfig(SettingsResolution.fromEnvironment(env))
                .withCache(CacheSettings.read(env, CacheSettings.DIR_VARIABLE, CacheSettings.MAX_BYTES_VARIABLE));
    }

    // ------------------------------------------------------------------ properties

    /** From properties: {@code modelstore.uri}, or {@code modelstore.storage} with {@code modelstore.<id>.<setting>}. */
    public static StoreConfig fromProperties(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return fromMap(map);
    }

    /** As {@link #fromProperties(Properties)}, from a map. */
    public static StoreConfig fromMap(Map<String, String> config) {
        return new StoreConfig(SettingsResolution.fromMap(config))
                .withCache(CacheSettings.read(config, CacheSettings.DIR_PROPERTY, CacheSettings.MAX_BYTES_PROPERTY));
    }

    // ------------------------------------------------------------------ use

    /** The backend id, such as {@code aws-s3}. */
    public String backendId() {
        return backendId;
    }

    /** The backend's settings, with secret values replaced by {@code ****}. */
    public Map<String, String> describedSettings() {
        Optional<StorageProvider> provider = Backends.discover().installed(backendId);
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((k, v) -> shown.put(
                k,
                provider.map(p -> SecretSettings.isSecret(p, k)).orElse(SecretSettings.looksSecret(k)) ? "****" : v));
        return shown;
    }

    /** The root prefix ({@code ""} for none). */
    public String rootPrefix() {
        return rootPrefix;
    }

    /**
     * This configuration with a model cache of at most {@code maxBytes} in {@code directory} (see
     * {@link ModelStoreBuilder#cache(java.nio.file.Path, long)}).
     */
    public StoreConfig withCache(java.nio.file.Path directory, long maxBytes) {
        return withCache(Optional.of(new CacheSettings(Objects.requireNonNull(directory, "directory"), maxBytes)));
    }

    private StoreConfig withCache(Optional<CacheSettings> settings) {
        return settings.map(c -> new StoreConfig(backendId, this.settings, origins, rootPrefix, source, c))
                .orElse(this);
    }

    /**
     * The model cache's directory: from {@code MODEL_STORE_CACHE_DIR} (with a URI or the environment),
     * {@code modelstore.cache.dir} (properties) or {@link #withCache}; empty for none.
     */
    public Optional<java.nio.file.Path> cacheDirectory() {
        return Optional.ofNullable(cache).map(CacheSettings::directory);
    }

    /**
     * The bytes the model cache may hold ({@code MODEL_STORE_CACHE_MAX_BYTES}, {@code modelstore.cache.max-bytes},
     * such as {@code 10G}); 0 when there is no cache.
     */
    public long cacheMaxBytes() {
        return cache == null ? 0 : cache.maxBytes();
    }

    /** A builder of the store this configuration describes, on its storage as {@code decorator} wraps it. */
    ModelStoreBuilder storeBuilder(UnaryOperator<Storage> decorator) {
        Storage storage = Objects.requireNonNull(decorator.apply(createStorage()), "the decorated storage");
        ModelStoreBuilder builder = ModelStore.builder(storage).rootPrefix(rootPrefix);
        return cache == null ? builder : builder.cache(cache.directory(), cache.maxBytes());
    }

    /** Where this configuration came from: {@code environment}, {@code properties}, {@code URI ...} or {@code code}. */
    public String source() {
        return source;
    }

    /**
     * Creates the backend's storage from these settings. When a setting's value is what failed (a bucket that does
     * not exist, a malformed name), the message says where the value came from, such as the environment variable.
     *
     * @throws BackendNotInstalledException when the backend's module is not on the classpath
     */
    public Storage createStorage() {
        StorageProvider provider = Backends.discover().provider(backendId);
        try {
            return provider.create(settings);
        } catch (StorageException e) {
            String origin = e.setting().map(origins::get).orElse(null);
            throw origin == null ? e : e.withNote("(The " + e.setting().get() + " was read from " + origin + ".)");
        }
    }

    @Override
    public String toString() {
        return backendId + " " + describedSettings() + (rootPrefix.isEmpty() ? "" : " below '" + rootPrefix + "'")
                + (cache == null
                        ? ""
                        : ", cached in " + cache.directory() + " (at most " + cache.maxBytes() + " bytes)")
                + " (from " + source + ")";
    }
}

package io.modelstore;

import io.modelstore.spi.Endpoints;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*|^\\\\\\\\.*");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    /** A scheme, its ':' and any slashes, at the start. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):/*");
    /** A URI's authority, after its scheme. */
    private static final Pattern AUTHORITY = Pattern.compile("[^/?#]*");
    /** The scheme of a plain directory path: the embedded default, the local file system. */
    private static final String PATH_SCHEME = "file";

    private final String backendId;
    private final Map<String, String> settings;
    private final Map<String, String> origins;
    private final String rootPrefix;
    private final String source;
    private final CacheSettings cache; // null: none

    private StoreConfig(String backendId, Map<String, String> settings, Map<String, String> origins, String rootPrefix,
                        String source, CacheSettings cache) {
        this.backendId = backendId;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.origins = Map.copyOf(origins);
        this.rootPrefix = Layout.normalizePrefix(rootPrefix);
        this.source = source;
        this.cache = cache;
    }

    /** A backend with explicit settings (the provider's keys) and root prefix. */
    public static StoreConfig of(String backendId, Map<String, String> settings, String rootPrefix) {
        return of(backendId, settings, rootPrefix, "code");
    }

    /** As {@link #of(String, Map, String)}, saying where the configuration came from (for {@link #toString()}). */
    public static StoreConfig of(String backendId, Map<String, String> settings, String rootPrefix, String source) {
        Objects.requireNonNull(backendId, "backendId");
        refuseEndpointCredentials(backendId, Backends.discover().installed(backendId), settings, Map.of(), source);
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
        Draft draft = parseUri(uri);
        return resolve(draft.provider(), draft.settings(), Map.of(), env, draft.source())
                .withCache(CacheSettings.read(env, CacheSettings.DIR_VARIABLE, CacheSettings.MAX_BYTES_VARIABLE));
    }

    /** A URI's backend and settings, not checked yet. */
    private record Draft(StorageProvider provider, Map<String, String> settings, String source) {
    }

    private static Draft parseUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ModelStoreException("The store URI is empty. Use one such as file:///srv/models, "
                    + "s3://bucket/prefix?region=eu-central-1, gs://bucket/prefix?project=p or az://container/prefix.");
        }
        String text = uri.trim();
        Backends backends = Backends.discover();
        String shown = redactUri(text);
        boolean windowsPath = WINDOWS_PATH.matcher(text).matches();
        Matcher scheme = SCHEME.matcher(text);
        boolean uriLike = !windowsPath && HAS_SCHEME.matcher(text).matches();
        boolean knownScheme = !windowsPath && scheme.lookingAt()
                && backends.knownSchemes().contains(scheme.group(1).toLowerCase(Locale.ROOT));
        // Before anything else: java.net.URI ends user info at a '/', '?' or '#' that a secret may hold.
        if ((uriLike || knownScheme) && userInfoEnd(text) >= 0) {
            throw new ModelStoreException("The store URI '" + shown + "' holds credentials before '@': secrets are "
                    + "never read from a URI. Remove them and provide credentials through the environment (such as "
                    + "AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING) or the SDK's own chain.");
        }
        if (uriLike) {
            return parseSchemeUri(text, shown, backends);
        }
        if (knownScheme) {
            // Not a directory: taken as one, the whole text (and any secret in it) would end up in the path.
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            String rest = text.substring(scheme.end()).replaceFirst("^/+", "");
            String meant = name + "://" + (name.equals(PATH_SCHEME) ? "/" : "") + rest;
            throw new ModelStoreException("The store URI '" + shown + "' is malformed: '" + scheme.group(1) + ":' must be "
                    + "followed by '//'. Did you mean " + redactUri(meant) + "? (For a directory of that name, start it with ./)");
        }
        // A directory path, whose ?query gives settings as a URI's does (so that ?create=true works on both).
        int q = text.indexOf('?');
        Map<String, String> query = query(q < 0 ? null : text.substring(q + 1));
        StorageProvider provider = backends.providerForScheme(PATH_SCHEME, shown);
        refuseSecrets(provider, query, shown);
        StoreUri parts = new StoreUri(PATH_SCHEME, "", q < 0 ? text : text.substring(0, q), query);
        return new Draft(provider, provider.fromUri(parts), "URI " + shown);
    }

    private static Draft parseSchemeUri(String text, String shown, Backends backends) {
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw new ModelStoreException("Invalid store URI '" + shown + "': " + e.getReason()
                    + ". Use one such as s3://bucket/prefix?region=eu-central-1.");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        StorageProvider provider = backends.providerForScheme(scheme, shown);
        Map<String, String> query = query(parsed.getRawQuery());
        refuseSecrets(provider, query, shown);
        String location = parsed.getRawAuthority() == null ? "" : decode(parsed.getRawAuthority());
        StoreUri parts = new StoreUri(scheme, location, parsed.getPath(), query);
        return new Draft(provider, provider.fromUri(parts), "URI " + shown);
    }

    private static void refuseSecrets(StorageProvider provider, Map<String, String> query, String shown) {
        for (String name : query.keySet()) {
            if (SecretSettings.isSecret(provider, name)) {
                throw new ModelStoreException("The store URI '" + shown + "' has the parameter '" + name
                        + "': secrets are never read from a URI. Remove it and provide it through the environment or "
                        + "properties.");
            }
        }
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
        String storage = env.get("MODEL_STORE_STORAGE");
        Backends backends = Backends.discover();
        if (storage == null || storage.isBlank()) {
            throw new ModelStoreException("MODEL_STORE_STORAGE is not set. Set it to one of: " + backends.knownIds() + ".");
        }
        String id = storage.trim();
        if (!backends.isKnown(id)) {
            throw new ModelStoreException("MODEL_STORE_STORAGE is '" + id + "', which is not a storage type. Set it to one "
                    + "of: " + backends.knownIds() + ".");
        }
        StorageProvider provider = backends.provider(id);
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Setting setting : provider.settings()) {
            fromVariables(setting, env, settings, origins);
        }
        // Then MODEL_STORE_<ID>_<SETTING>, for what the declared variables did not give.
        String generic = Setting.genericVariable(id, "");
        new TreeMap<>(env).forEach((variable, value) -> {
            if (variable.startsWith(generic) && variable.length() > generic.length()) {
                String name = variable.substring(generic.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                if (!settings.containsKey(name) && (provider.settings().isEmpty() || declared(provider, name).isPresent())) {
                    put(settings, origins, name, value, variable);
                }
            }
        });
        return resolve(provider, settings, origins, env, "environment")
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
        String uri = config.get("modelstore.uri");
        String storage = config.get("modelstore.storage");
        if (uri != null && storage != null) {
            throw new ModelStoreException("Both modelstore.uri and modelstore.storage are set: keep one of them.");
        }
        if (uri == null && storage == null) {
            throw new ModelStoreException("Neither modelstore.uri nor modelstore.storage is set. Set modelstore.uri (such as "
                    + "file:///srv/models or s3://bucket/prefix?region=eu-central-1), or modelstore.storage (one of: "
                    + Backends.discover().knownIds() + ") with its modelstore.<storage>.<setting> keys.");
        }
        Draft base = uri != null ? parseUri(uri) : null;
        StorageProvider provider = base != null ? base.provider() : Backends.discover().provider(storage.trim());
        String id = provider.id();
        Map<String, String> settings = new LinkedHashMap<>(base != null ? base.settings() : Map.of());
        Map<String, String> origins = new LinkedHashMap<>();
        String scope = "modelstore." + id + ".";
        config.forEach((key, value) -> {
            if (key.startsWith(scope)) {
                put(settings, origins, key.substring(scope.length()), value, key);
            }
        });
        if (config.containsKey("modelstore.root-prefix")) {
            put(settings, origins, Setting.ROOT_PREFIX, config.get("modelstore.root-prefix"), "modelstore.root-prefix");
        }
        return resolve(provider, settings, origins, System.getenv(), base != null ? base.source() + " (properties)" : "properties")
                .withCache(CacheSettings.read(config, CacheSettings.DIR_PROPERTY, CacheSettings.MAX_BYTES_PROPERTY));
    }

    // ------------------------------------------------------------------ checks, shared by every source

    /**
     * Fills left-out secrets from the environment, refuses settings the provider does not declare, checks the
     * required ones, and takes out the root prefix.
     */
    private static StoreConfig resolve(StorageProvider provider, Map<String, String> given, Map<String, String> givenOrigins,
                                       Map<String, String> env, String source) {
        Map<String, String> settings = new LinkedHashMap<>(given);
        Map<String, String> origins = new LinkedHashMap<>(givenOrigins);
        settings.values().removeIf(Objects::isNull);
        List<Setting> declared = provider.settings();
        for (Setting setting : declared) {
            if (setting.secret() && !settings.containsKey(setting.name())) {
                fromVariables(setting, env, settings, origins);
            }
        }
        if (!declared.isEmpty()) {
            for (String name : settings.keySet()) {
                if (!name.equals(Setting.ROOT_PREFIX) && declared(provider, name).isEmpty()) {
                    throw new ModelStoreException("The " + provider.id() + " storage has no setting '" + name + "'"
                            + where(origins.get(name), source) + ". Its settings: " + declared.stream().map(Setting::name)
                            .filter(n -> !n.equals(Setting.ROOT_PREFIX)).collect(Collectors.joining(", ")) + ".");
                }
            }
            for (Setting setting : declared) {
                if (setting.required() && isBlank(settings.get(setting.name()))) {
                    throw missing(provider, setting, source);
                }
            }
        }
        refuseEndpointCredentials(provider.id(), Optional.of(provider), settings, origins, source);
        String prefix = settings.remove(Setting.ROOT_PREFIX);
        origins.remove(Setting.ROOT_PREFIX);
        return new StoreConfig(provider.id(), settings, origins, prefix, source, null);
    }

    /**
     * Refuses an endpoint with user info, from whatever source: an endpoint setting, or any setting whose value is a
     * URL. Secrets are left alone: they are never shown.
     */
    private static void refuseEndpointCredentials(String id, Optional<StorageProvider> provider, Map<String, String> settings,
                                                  Map<String, String> origins, String source) {
        settings.forEach((name, value) -> {
            boolean secret = provider.map(p -> SecretSettings.isSecret(p, name)).orElse(SecretSettings.looksSecret(name));
            boolean endpoint = provider.flatMap(p -> declared(p, name)).map(Setting::endpoint).orElse(false)
                    || Endpoints.isUrl(value);
            if (endpoint && !secret) {
                Endpoints.requireNoUserInfo(value, "The " + id + " setting '" + name + "'" + where(origins.get(name), source),
                        name, credentialsHint(provider));
            }
        });
    }

    /** Where the backend takes credentials from: its secret settings, else its SDK's own chain. */
    private static String credentialsHint(Optional<StorageProvider> provider) {
        List<Setting> secrets = provider.map(p -> p.settings().stream().filter(Setting::secret).toList()).orElse(List.of());
        if (secrets.isEmpty()) {
            return "as the backend's SDK reads them (its own chain, such as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "for S3, GOOGLE_APPLICATION_CREDENTIALS for Google Cloud Storage, Kerberos for HDFS)";
        }
        return "through the storage's secret settings: " + secrets.stream().map(s -> s.name() + (s.environment().isEmpty()
                ? "" : " (" + String.join(" or ", s.environment()) + ")")).collect(Collectors.joining(", "));
    }

    private static ModelStoreException missing(StorageProvider provider, Setting setting, String source) {
        String variables = setting.environment().isEmpty() ? Setting.genericVariable(provider.id(), setting.name())
                : String.join(" or ", setting.environment());
        if (source.equals("environment")) {
            return new ModelStoreException("MODEL_STORE_STORAGE is '" + provider.id() + "' but " + variables
                    + " is not set. The " + provider.id() + " storage reads: " + provider.settings().stream()
                    .map(s -> s.environment().isEmpty() ? Setting.genericVariable(provider.id(), s.name()) : s.environment().get(0))
                    .collect(Collectors.joining(", ")) + ".");
        }
        String how = setting.secret() ? "set " + variables + " (secrets are never read from a URI)"
                : source.startsWith("URI") && !source.endsWith("(properties)") ? "add ?" + setting.name() + "=... to the URI"
                : "set modelstore." + provider.id() + "." + setting.name();
        return new ModelStoreException("The " + provider.id() + " storage needs the setting '" + setting.name() + "' ("
                + setting.description() + "), but it is missing from the " + source + ": " + how + ".");
    }

    private static void fromVariables(Setting setting, Map<String, String> env, Map<String, String> settings,
                                      Map<String, String> origins) {
        for (String variable : setting.environment()) {
            if (!isBlank(env.get(variable))) {
                put(settings, origins, setting.name(), env.get(variable), variable);
                return;
            }
        }
    }

    private static void put(Map<String, String> settings, Map<String, String> origins, String name, String value, String origin) {
        if (!isBlank(value)) {
            settings.put(name, value);
            origins.put(name, origin);
        }
    }

    private static Optional<Setting> declared(StorageProvider provider, String name) {
        return provider.settings().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static String where(String origin, String source) {
        return origin != null ? " (from " + origin + ")" : " (from the " + source + ")";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
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
        settings.forEach((k, v) -> shown.put(k, provider.map(p -> SecretSettings.isSecret(p, k))
                .orElse(SecretSettings.looksSecret(k)) ? "****" : v));
        return shown;
    }

    /** The root prefix ({@code ""} for none). */
    public String rootPrefix() {
        return rootPrefix;
    }

    /**
     * This configuration with a model cache of at most {@code maxBytes} in {@code directory} (see
     * {@link ModelStore.Builder#cache(java.nio.file.Path, long)}).
     */
    public StoreConfig withCache(java.nio.file.Path directory, long maxBytes) {
        return withCache(Optional.of(new CacheSettings(Objects.requireNonNull(directory, "directory"), maxBytes)));
    }

    private StoreConfig withCache(Optional<CacheSettings> settings) {
        return settings.map(c -> new StoreConfig(backendId, this.settings, origins, rootPrefix, source, c)).orElse(this);
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

    /** {@code builder} with this configuration's cache, if it has one. */
    ModelStore.Builder withCacheOf(ModelStore.Builder builder) {
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
                + (cache == null ? "" : ", cached in " + cache.directory() + " (at most " + cache.maxBytes() + " bytes)")
                + " (from " + source + ")";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // a&&b or a trailing &
            }
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "true" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The URI without anything that could be a secret: user info (everything between the scheme and the '@' that
     * ends it, wherever java.net.URI would end it) and the query's values; a directory path keeps all but its
     * query's values.
     */
    static String redactUri(String uri) {
        String text = uri;
        Matcher scheme = SCHEME.matcher(uri);
        int at = userInfoEnd(uri);
        if (!WINDOWS_PATH.matcher(uri).matches() && scheme.lookingAt() && at >= scheme.end()) {
            text = uri.substring(0, scheme.end()) + "****@" + uri.substring(uri.startsWith("@", at) ? at + 1 : at + 3);
        }
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query) + "?****"; // a secret may be a name, a value, or hold '&
    }

    /**
     * Where a URI's user info ends: its last '@' (a secret may hold the '/', '?' or '#' that would end it early for
     * java.net.URI), else a percent-encoded one ({@code %40}) in the authority, which is decoded into the location;
     * -1 for none.
     */
    private static int userInfoEnd(String uri) {
        int at = uri.lastIndexOf('@');
        Matcher scheme = SCHEME.matcher(uri);
        if (at >= 0 || !scheme.lookingAt()) {
            return at;
        }
        Matcher authority = AUTHORITY.matcher(uri).region(scheme.end(), uri.length());
        int encoded = authority.lookingAt() ? authority.group().toLowerCase(Locale.ROOT).lastIndexOf("%40") : -1;
        return encoded < 0 ? -1 : scheme.end() + encoded;
    }
}

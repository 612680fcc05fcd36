package io.modelstore;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which backend a store uses and its settings, resolved from a URI, Python's environment variables, or
 * properties, so that the code that uses a {@link ModelStore} does not change when the storage does.
 *
 * <table>
 * <caption>Where each backend's settings come from</caption>
 * <tr><th>backend ({@code MODEL_STORE_STORAGE})</th><th>URI</th><th>environment (Python's names)</th></tr>
 * <tr><td>{@code filesystem}</td><td>{@code file:///srv/models}, {@code /srv/models}, {@code C:\models}</td>
 *     <td>{@code MODEL_STORE_ROOT_PREFIX} (the directory)</td></tr>
 * <tr><td>{@code aws-s3}</td><td>{@code s3://bucket/prefix?region=eu-central-1&endpoint=http://host:9000}</td>
 *     <td>{@code MODEL_STORE_AWS_BUCKET}, {@code MODEL_STORE_REGION}, {@code MODEL_STORE_AWS_ROOT_PREFIX},
 *     {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}</td></tr>
 * <tr><td>{@code minio}</td><td>{@code minio://host:9000/bucket/prefix?secure=false}</td>
 *     <td>{@code MINIO_ENDPOINT}, {@code MINIO_ACCESS_KEY}, {@code MINIO_SECRET_KEY}, {@code MODEL_STORE_MINIO_BUCKET},
 *     {@code MODEL_STORE_MINIO_ROOT_PREFIX}</td></tr>
 * <tr><td>{@code google-cloud-storage}</td><td>{@code gs://bucket/prefix?project=my-project}</td>
 *     <td>{@code MODEL_STORE_GCP_PROJECT}, {@code MODEL_STORE_GCP_BUCKET}, {@code MODEL_STORE_GCP_ROOT_PREFIX}</td></tr>
 * <tr><td>{@code azure-container}</td><td>{@code az://container/prefix}</td>
 *     <td>{@code MODEL_STORE_AZURE_CONTAINER}, {@code MODEL_STORE_AZURE_ROOT_PREFIX},
 *     {@code AZURE_STORAGE_CONNECTION_STRING}</td></tr>
 * </table>
 *
 * <p>Properties: {@code modelstore.uri}, or {@code modelstore.storage} (a backend id) with
 * {@code modelstore.<backend id>.<setting>} (the backend's settings, such as {@code modelstore.aws-s3.bucket}) and
 * {@code modelstore.root-prefix}. No secret is read from a URI: credentials come from the environment, the
 * SDKs' own chains, or properties. {@link #toString()} never shows a secret.
 */
public final class StoreConfig {

    /** The environment variables each backend reads, setting name to variable, as Python modelstore names them. */
    private static final Map<String, Map<String, String>> ENVIRONMENT = Map.of(
            "filesystem", ordered("root", "MODEL_STORE_ROOT_PREFIX"),
            "aws-s3", ordered("bucket", "MODEL_STORE_AWS_BUCKET", "region", "MODEL_STORE_REGION",
                    "root-prefix", "MODEL_STORE_AWS_ROOT_PREFIX", "endpoint", "AWS_ENDPOINT_URL_S3"),
            "minio", ordered("endpoint", "MINIO_ENDPOINT", "access-key", "MINIO_ACCESS_KEY", "secret-key", "MINIO_SECRET_KEY",
                    "bucket", "MODEL_STORE_MINIO_BUCKET", "root-prefix", "MODEL_STORE_MINIO_ROOT_PREFIX"),
            "google-cloud-storage", ordered("project", "MODEL_STORE_GCP_PROJECT", "bucket", "MODEL_STORE_GCP_BUCKET",
                    "root-prefix", "MODEL_STORE_GCP_ROOT_PREFIX"),
            "azure-container", ordered("container", "MODEL_STORE_AZURE_CONTAINER",
                    "root-prefix", "MODEL_STORE_AZURE_ROOT_PREFIX", "connection-string", "AZURE_STORAGE_CONNECTION_STRING"));

    /** Settings that must come from a URI for each scheme: the part after {@code //}. */
    private static final Map<String, String> URI_LOCATION = Map.of("s3", "bucket", "minio", "bucket",
            "gs", "bucket", "az", "container");

    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|token|key|sig|credential|connection).*");
    private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*|^\\\\\\\\.*");

    private final String backendId;
    private final Map<String, String> settings;
    private final String rootPrefix;
    private final String source;

    private StoreConfig(String backendId, Map<String, String> settings, String rootPrefix, String source) {
        this.backendId = backendId;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.rootPrefix = Layout.normalizePrefix(rootPrefix);
        this.source = source;
    }

    /** A backend with explicit settings (the provider's keys) and root prefix. */
    public static StoreConfig of(String backendId, Map<String, String> settings, String rootPrefix) {
        return of(backendId, settings, rootPrefix, "code");
    }

    /** As {@link #of(String, Map, String)}, saying where the configuration came from (for {@link #toString()}). */
    public static StoreConfig of(String backendId, Map<String, String> settings, String rootPrefix, String source) {
        return new StoreConfig(Objects.requireNonNull(backendId, "backendId"), settings, rootPrefix, source);
    }

    // ------------------------------------------------------------------ URI

    /**
     * Parses a store URI: {@code file:///srv/models}, a plain or Windows path, {@code s3://bucket/prefix?region=r},
     * {@code minio://host:port/bucket/prefix?secure=false}, {@code gs://bucket/prefix?project=p},
     * {@code az://container/prefix}. Credentials are never taken from it.
     */
    public static StoreConfig fromUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ModelStoreException("The store URI is empty. Use one such as file:///srv/models, "
                    + "s3://bucket/prefix?region=eu-central-1, gs://bucket/prefix?project=p or az://container/prefix.");
        }
        String text = uri.trim();
        if (WINDOWS_PATH.matcher(text).matches() || !text.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return fileSystem(Path.of(text), Map.of(), "URI " + text);
        }
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw new ModelStoreException("Invalid store URI '" + redactUri(text) + "': " + e.getReason()
                    + ". Use one such as s3://bucket/prefix?region=eu-central-1.");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (parsed.getRawUserInfo() != null) {
            throw new ModelStoreException("The store URI '" + redactUri(text) + "' holds credentials before '@': secrets are "
                    + "never read from a URI. Remove them and provide credentials through the environment (such as "
                    + "AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING) or the SDK's own chain.");
        }
        Map<String, String> query = query(parsed.getRawQuery());
        for (String name : query.keySet()) {
            if (SECRET.matcher(name).matches()) {
                throw new ModelStoreException("The store URI '" + redactUri(text) + "' has the parameter '" + name
                        + "': secrets are never read from a URI. Remove it and provide it through the environment or "
                        + "properties.");
            }
        }
        if (scheme.equals("file")) {
            return fileSystem(Path.of(parsed), query, "URI " + text);
        }
        Backends.Backend backend = Backends.discover().byScheme(scheme).orElseThrow(() -> new ModelStoreException(
                "Unknown store URI scheme '" + scheme + "' in '" + redactUri(text) + "'. Use one of: "
                        + Backends.FIRST_PARTY.stream().map(b -> b.scheme() + "://").distinct().collect(Collectors.joining(", "))
                        + " (or a plain directory path)."));
        Map<String, String> settings = new LinkedHashMap<>();
        String path = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("^/+|/+$", "");
        String prefix;
        if (scheme.equals("minio")) {
            if (parsed.getHost() == null) {
                throw new ModelStoreException("The MinIO URI '" + redactUri(text) + "' has no host: use "
                        + "minio://host:9000/bucket/prefix.");
            }
            settings.put("endpoint", parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort()));
            int slash = path.indexOf('/');
            settings.put("bucket", slash < 0 ? path : path.substring(0, slash));
            prefix = slash < 0 ? "" : path.substring(slash + 1);
        } else {
            String location = parsed.getAuthority();
            if (location == null || location.isEmpty()) {
                throw new ModelStoreException("The store URI '" + redactUri(text) + "' names no " + URI_LOCATION.get(scheme)
                        + ": use " + scheme + "://" + URI_LOCATION.get(scheme) + "/prefix.");
            }
            settings.put(URI_LOCATION.get(scheme), location);
            prefix = path;
        }
        settings.putAll(query);
        String explicitPrefix = settings.remove("root-prefix");
        return new StoreConfig(backend.id(), settings, explicitPrefix != null ? explicitPrefix : decode(prefix), "URI " + text);
    }

    private static StoreConfig fileSystem(Path root, Map<String, String> query, String source) {
        Map<String, String> settings = new LinkedHashMap<>(query);
        settings.put("root", root.toString());
        String prefix = settings.remove("root-prefix");
        return new StoreConfig("filesystem", settings, prefix, source);
    }

    // ------------------------------------------------------------------ environment

    /** From this process's environment variables (see {@link #fromEnvironment(Map)}). */
    public static StoreConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * From Python modelstore's environment variables: {@code MODEL_STORE_STORAGE} names the backend, and the
     * backend's own variables (see the table above) give its settings, so a deployment configured for Python
     * works unchanged.
     */
    public static StoreConfig fromEnvironment(Map<String, String> env) {
        String storage = env.get("MODEL_STORE_STORAGE");
        if (storage == null || storage.isBlank()) {
            throw new ModelStoreException("MODEL_STORE_STORAGE is not set. Set it to one of: " + acceptedValues() + ".");
        }
        String id = storage.trim();
        Map<String, String> variables = ENVIRONMENT.get(id);
        if (variables == null) {
            throw new ModelStoreException("MODEL_STORE_STORAGE is '" + id + "', which is not a storage type. Set it to one "
                    + "of: " + acceptedValues() + ".");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        variables.forEach((setting, variable) -> {
            String value = env.get(variable);
            if (value == null && variable.equals("AWS_ENDPOINT_URL_S3")) {
                value = env.get("AWS_ENDPOINT_URL");
            }
            if (value != null && !value.isBlank()) {
                settings.put(setting, value);
            }
        });
        String missing = requiredMissing(id, settings);
        if (missing != null) {
            throw new ModelStoreException("MODEL_STORE_STORAGE is '" + id + "' but " + missing + " is not set. The "
                    + id + " storage reads: " + String.join(", ", variables.values()) + ".");
        }
        String prefix = settings.remove("root-prefix");
        return new StoreConfig(id, settings, prefix, "environment");
    }

    private static String requiredMissing(String id, Map<String, String> settings) {
        Map<String, String> variables = ENVIRONMENT.get(id);
        List<String> required = switch (id) {
            case "filesystem" -> List.of("root");
            case "aws-s3", "google-cloud-storage" -> List.of("bucket");
            case "minio" -> List.of("endpoint", "access-key", "secret-key", "bucket");
            case "azure-container" -> List.of("container", "connection-string");
            default -> List.of();
        };
        return required.stream().filter(s -> !settings.containsKey(s)).map(variables::get).findFirst().orElse(null);
    }

    /** The values {@code MODEL_STORE_STORAGE} accepts. */
    public static String acceptedValues() {
        return Backends.FIRST_PARTY.stream().map(Backends.Backend::id).collect(Collectors.joining(", "));
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
                    + acceptedValues() + ") with its modelstore.<storage>.<setting> keys.");
        }
        StoreConfig base = uri != null ? fromUri(uri) : new StoreConfig(storage.trim(), Map.of(), null, "properties");
        String scope = "modelstore." + base.backendId + ".";
        Map<String, String> settings = new LinkedHashMap<>(base.settings);
        config.forEach((key, value) -> {
            if (key.startsWith(scope)) {
                settings.put(key.substring(scope.length()), value);
            }
        });
        String prefix = config.getOrDefault("modelstore.root-prefix", base.rootPrefix);
        return new StoreConfig(base.backendId, settings, prefix, uri != null ? base.source + " (properties)" : "properties");
    }

    // ------------------------------------------------------------------ use

    /** The backend id, such as {@code aws-s3}. */
    public String backendId() {
        return backendId;
    }

    /** The backend's settings, with secret values replaced by {@code ****}. */
    public Map<String, String> describedSettings() {
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((k, v) -> shown.put(k, SECRET.matcher(k).matches() ? "****" : v));
        return shown;
    }

    /** The root prefix ({@code ""} for none). */
    public String rootPrefix() {
        return rootPrefix;
    }

    /** Where this configuration came from: {@code environment}, {@code properties}, {@code URI ...} or {@code code}. */
    public String source() {
        return source;
    }

    /**
     * Opens the store.
     *
     * @throws BackendNotInstalledException when the backend's module is not on the classpath
     */
    public ModelStore open() {
        return ModelStore.fromStorage(Backends.discover().provider(backendId).create(settings), rootPrefix);
    }

    @Override
    public String toString() {
        return backendId + " " + describedSettings() + (rootPrefix.isEmpty() ? "" : " below '" + rootPrefix + "'")
                + " (from " + source + ")";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "true" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URI without anything that could be a secret: user info and query values. */
    private static String redactUri(String uri) {
        return uri.replaceAll("//[^/@]*@", "//****@").replaceAll("=([^&]*)", "=****");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}

package io.modelstore.internal.config;

import io.modelstore.Backends;
import io.modelstore.SecretSettings;
import io.modelstore.StoreConfig;
import io.modelstore.spi.Endpoints;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Setting;
import io.modelstore.spi.StorageProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A {@link StoreConfig}'s backend and settings, resolved from a URI, environment variables or properties against the
 * settings its {@link StorageProvider} declares: left-out secrets read from the environment, undeclared settings and
 * missing required ones refused with the source to fix named, endpoints with credentials refused, the root prefix
 * taken out. The cache is the configuration's own, read apart.
 */
public final class SettingsResolution {

    /** A resolved configuration; {@code origins} says where each setting was read, such as its variable. */
    public record Resolved(
            String backendId,
            Map<String, String> settings,
            Map<String, String> origins,
            String rootPrefix,
            String source) {}

    private SettingsResolution() {}

    /** A store URI's configuration, left-out secrets read from {@code env} ({@link StoreConfig#fromUri(String, Map)}). */
    public static Resolved fromUri(String uri, Map<String, String> env) {
        StoreUris.Draft draft = StoreUris.parse(uri);
        return resolve(draft.provider(), draft.settings(), Map.of(), env, draft.source());
    }

    /** The configuration of environment variables (see {@link StoreConfig#fromEnvironment(Map)}). */
    public static Resolved fromEnvironment(Map<String, String> env) {
        String storage = env.get("MODEL_STORE_STORAGE");
        Backends backends = Backends.discover();
        if (storage == null || storage.isBlank()) {
            throw new ModelStoreException(
                    "MODEL_STORE_STORAGE is not set. Set it to one of: " + backends.knownIds() + ".");
        }
        String id = storage.trim();
        if (!backends.isKnown(id)) {
            throw new ModelStoreException("MODEL_STORE_STORAGE is '" + id
                    + "', which is not a storage type. Set it to one " + "of: " + backends.knownIds() + ".");
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
                String name = variable.substring(generic.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
                if (!settings.containsKey(name)
                        && (provider.settings().isEmpty()
                                || declared(provider, name).isPresent())) {
                    put(settings, origins, name, value, variable);
                }
            }
        });
        return resolve(provider, settings, origins, env, "environment");
    }

    /** The configuration of properties (see {@link StoreConfig#fromMap(Map)}). */
    public static Resolved fromMap(Map<String, String> config) {
        String uri = config.get("modelstore.uri");
        String storage = config.get("modelstore.storage");
        if (uri != null && storage != null) {
            throw new ModelStoreException("Both modelstore.uri and modelstore.storage are set: keep one of them.");
        }
        if (uri == null && storage == null) {
            throw new ModelStoreException(
                    "Neither modelstore.uri nor modelstore.storage is set. Set modelstore.uri (such as "
                            + "file:///srv/models or s3://bucket/prefix?region=eu-central-1), or modelstore.storage (one of: "
                            + Backends.discover().knownIds() + ") with its modelstore.<storage>.<setting> keys.");
        }
        StoreUris.Draft base = uri != null ? StoreUris.parse(uri) : null;
        StorageProvider provider =
                base != null ? base.provider() : Backends.discover().provider(storage.trim());
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
        return resolve(
                provider,
                settings,
                origins,
                System.getenv(),
                base != null ? base.source() + " (properties)" : "properties");
    }

    /** Refuses an endpoint with user info in settings given in code ({@link StoreConfig#of(String, Map, String, String)}). */
    public static void refuseEndpointCredentials(String backendId, Map<String, String> settings, String source) {
        refuseEndpointCredentials(backendId, Backends.discover().installed(backendId), settings, Map.of(), source);
    }

    /**
     * Fills left-out secrets from the environment, refuses settings the provider does not declare, checks the
     * required ones, and takes out the root prefix.
     */
    private static Resolved resolve(
            StorageProvider provider,
            Map<String, String> given,
            Map<String, String> givenOrigins,
            Map<String, String> env,
            String source) {
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
                if (!name.equals(Setting.ROOT_PREFIX)
                        && declared(provider, name).isEmpty()) {
                    throw new ModelStoreException("The " + provider.id() + " storage has no setting '" + name + "'"
                            + where(origins.get(name), source) + ". Its settings: "
                            + declared.stream()
                                    .map(Setting::name)
                                    .filter(n -> !n.equals(Setting.ROOT_PREFIX))
                                    .collect(Collectors.joining(", "))
                            + ".");
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
        return new Resolved(provider.id(), settings, origins, prefix, source);
    }

    /**
     * Refuses an endpoint with user info, from whatever source: an endpoint setting, or any setting whose value is a
     * URL. Secrets are left alone: they are never shown.
     */
    private static void refuseEndpointCredentials(
            String id,
            Optional<StorageProvider> provider,
            Map<String, String> settings,
            Map<String, String> origins,
            String source) {
        settings.forEach((name, value) -> {
            boolean secret =
                    provider.map(p -> SecretSettings.isSecret(p, name)).orElse(SecretSettings.looksSecret(name));
            boolean endpoint = provider.flatMap(p -> declared(p, name))
                            .map(Setting::endpoint)
                            .orElse(false)
                    || Endpoints.isUrl(value);
            if (endpoint && !secret) {
                Endpoints.requireNoUserInfo(
                        value,
                        "The " + id + " setting '" + name + "'" + where(origins.get(name), source),
                        name,
                        credentialsHint(provider));
            }
        });
    }

    /** Where the backend takes credentials from: its secret settings, else its SDK's own chain. */
    private static String credentialsHint(Optional<StorageProvider> provider) {
        List<Setting> secrets = provider.map(
                        p -> p.settings().stream().filter(Setting::secret).toList())
                .orElse(List.of());
        if (secrets.isEmpty()) {
            return "as the backend's SDK reads them (its own chain, such as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "for S3, GOOGLE_APPLICATION_CREDENTIALS for Google Cloud Storage, Kerberos for HDFS)";
        }
        return "through the storage's secret settings: "
                + secrets.stream()
                        .map(s -> s.name()
                                + (s.environment().isEmpty() ? "" : " (" + String.join(" or ", s.environment()) + ")"))
                        .collect(Collectors.joining(", "));
    }

    private static ModelStoreException missing(StorageProvider provider, Setting setting, String source) {
        String variables = setting.environment().isEmpty()
                ? Setting.genericVariable(provider.id(), setting.name())
                : String.join(" or ", setting.environment());
        if (source.equals("environment")) {
            return new ModelStoreException("MODEL_STORE_STORAGE is '" + provider.id() + "' but " + variables
                    + " is not set. The " + provider.id() + " storage reads: "
                    + provider.settings().stream()
                            .map(s -> s.environment().isEmpty()
                                    ? Setting.genericVariable(provider.id(), s.name())
                                    : s.environment().get(0))
                            .collect(Collectors.joining(", "))
                    + ".");
        }
        String how = setting.secret()
                ? "set " + variables + " (secrets are never read from a URI)"
                : source.startsWith("URI") && !source.endsWith("(properties)")
                        ? "add ?" + setting.name() + "=... to the URI"
                        : "set modelstore." + provider.id() + "." + setting.name();
        return new ModelStoreException("The " + provider.id() + " storage needs the setting '" + setting.name() + "' ("
                + setting.description() + "), but it is missing from the " + source + ": " + how + ".");
    }

    private static void fromVariables(
            Setting setting, Map<String, String> env, Map<String, String> settings, Map<String, String> origins) {
        for (String variable : setting.environment()) {
            if (!isBlank(env.get(variable))) {
                put(settings, origins, setting.name(), env.get(variable), variable);
                return;
            }
        }
    }

    private static void put(
            Map<String, String> settings, Map<String, String> origins, String name, String value, String origin) {
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
}

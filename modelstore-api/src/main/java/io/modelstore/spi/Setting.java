package io.modelstore.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One setting a {@link StorageProvider} reads, as it declares it in {@link StorageProvider#settings()}: its key,
 * what it is (for messages), whether it is required, whether it is a secret, and the environment variables it may
 * come from (Python modelstore's names, for a first-party backend).
 *
 * <pre>{@code
 * Setting.required("bucket", "the bucket's name, such as my-models").env("MODEL_STORE_AWS_BUCKET")
 * Setting.optional("secret-key", "the secret key").asSecret().env("MINIO_SECRET_KEY")
 * Setting.optional("endpoint", "the server's URL, such as http://127.0.0.1:9000").asEndpoint().env("AWS_ENDPOINT_URL_S3")
 * }</pre>
 *
 * <p>The key {@value #ROOT_PREFIX} is the store's root prefix, not a setting of the storage: a provider declares it
 * only to name its environment variable.
 *
 * @param name        the key, lower case with {@code -}, such as {@code path-style}
 * @param description what it is, for messages, such as {@code the bucket's name}
 * @param required    whether {@link StorageProvider#create} needs it
 * @param secret      whether its value must never be shown (it is refused in URIs and shown as {@code ****})
 * @param environment the environment variables it is read from, the first one set winning; besides these,
 *                    {@code MODEL_STORE_<ID>_<NAME>} is always read
 * @param endpoint    whether its value is a server's address (a URL or {@code host:port}), which holds no
 *                    credentials: one with user info ({@code http://user:password@host}) is refused wherever it comes
 *                    from, its user info masked in the message (see {@link Endpoints}); a value of any setting that is
 *                    a URL ({@code scheme://...}) is checked the same way
 */
public record Setting(
        String name, String description, boolean required, boolean secret, List<String> environment, boolean endpoint) {

    /** The key of the store's root prefix in every source of settings. */
    public static final String ROOT_PREFIX = "root-prefix";

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        environment = List.copyOf(environment);
    }

    /** A setting that is not an endpoint. */
    public Setting(String name, String description, boolean required, boolean secret, List<String> environment) {
        this(name, description, required, secret, environment, false);
    }

    /** A setting that {@link StorageProvider#create} needs. */
    public static Setting required(String name, String description) {
        return new Setting(name, description, true, false, List.of());
    }

    /** A setting that may be left out. */
    public static Setting optional(String name, String description) {
        return new Setting(name, description, false, false, List.of());
    }

    /** The root prefix, read from the given environment variables. */
    public static Setting rootPrefix(String... variables) {
        return optional(ROOT_PREFIX, "the key prefix the store lives below").env(variables);
    }

    /** This setting, marked as a secret. */
    public Setting asSecret() {
        return new Setting(name, description, required, true, environment, endpoint);
    }

    /** This setting, marked as an endpoint: a value with user info is refused (see {@link Endpoints}). */
    public Setting asEndpoint() {
        return new Setting(name, description, required, secret, environment, true);
    }

    /** This setting, read from these environment variables (the first one set wins). */
    public Setting env(String... variables) {
        return new Setting(name, description, required, secret, List.of(variables), endpoint);
    }

    /** The variable that is always read for a setting of backend {@code backendId}: {@code MODEL_STORE_<ID>_<NAME>}. */
    public static String genericVariable(String backendId, String name) {
        return "MODEL_STORE_"
                + (backendId + "_" + name).toUpperCase(Locale.ROOT).replace('-', '_');
    }
}

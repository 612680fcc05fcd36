package io.modelstore.spring;

import io.modelstore.SecretSettings;
import io.modelstore.spi.Endpoints;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Hides the store's secrets in the actuator's {@code /env} (and wherever the actuator sanitizes values), even with
 * {@code management.endpoint.env.show-values=ALWAYS}, with which Spring Boot shows every value that no sanitizing
 * function changes:
 * <ul>
 * <li>the secret settings of the installed backends, in any form Spring binds them from (such as
 * {@code modelstore.minio.secret-key}, {@code modelstore.minio.secretKey}, {@code MODELSTORE_MINIO_SECRETKEY}), their
 * environment variables ({@code MINIO_SECRET_KEY}, {@code AZURE_STORAGE_CONNECTION_STRING},
 * {@code MODEL_STORE_MINIO_SECRET_KEY}), and any {@code modelstore.*} setting named like a secret (a key, token,
 * password, connection string), which are shown as {@value SanitizableData#SANITIZED_VALUE};</li>
 * <li>the user info of an endpoint in a {@code modelstore.*} value or in an endpoint's variable (such as
 * {@code AWS_ENDPOINT_URL_S3}), shown masked as {@code http://****@host:9000}: the store refuses such an endpoint, but
 * the environment still holds it.</li>
 * </ul>
 */
public class ModelStoreSanitizingFunction implements SanitizingFunction {

    private static final String PREFIX = "modelstore";

    private final Set<String> secrets;
    private final Set<String> endpoints;

    /** For the backends installed on this classpath. */
    public ModelStoreSanitizingFunction() {
        this(SecretSettings.installedNames(), SecretSettings.installedEndpointNames());
    }

    ModelStoreSanitizingFunction(Set<String> secretNames, Set<String> endpointNames) {
        this.secrets = secretNames.stream()
                .map(ModelStoreSanitizingFunction::canonical)
                .collect(Collectors.toSet());
        this.endpoints = endpointNames.stream()
                .map(ModelStoreSanitizingFunction::canonical)
                .collect(Collectors.toSet());
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        String key = canonical(data.getKey());
        boolean ours = key.startsWith(PREFIX);
        if (secrets.contains(key) || (ours && SecretSettings.looksSecret(data.getKey()))) {
            return data.withSanitizedValue();
        }
        if ((ours || endpoints.contains(key))
                && data.getValue() instanceof CharSequence value
                && Endpoints.hasUserInfo(value.toString())) {
            return data.withValue(Endpoints.masked(value.toString()));
        }
        return data;
    }

    /**
     * A name as Spring's relaxed binding matches it, whatever its form: {@code modelstore.minio.secret-key},
     * {@code modelstore.minio.secretKey}, {@code MODELSTORE_MINIO_SECRETKEY} and {@code MODEL_STORE_MINIO_SECRET_KEY}
     * all become {@code modelstoreminiosecretkey}.
     */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}

package io.modelstore.aws;

import io.modelstore.spi.Endpoints;
import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The {@code minio} backend, for any S3-compatible server (MinIO, Ceph, Backblaze B2, Cloudflare R2):
 * {@code minio://host:9000/bucket/prefix?secure=false}. Settings: {@code endpoint} ({@code host:port} as Python
 * takes it, or a URL; default {@value #DEFAULT_ENDPOINT}, as in Python), {@code access-key}, {@code secret-key}, {@code bucket} and {@code secure} ({@code true} for
 * https, the default). The keys are secrets: they come from {@code MINIO_ACCESS_KEY} and {@code MINIO_SECRET_KEY}
 * (or properties), never from a URI.
 */
public final class MinioStorageProvider implements StorageProvider {

    /** Python's default when neither the endpoint nor MINIO_ENDPOINT is given. */
    public static final String DEFAULT_ENDPOINT = "s3.amazonaws.com";

    private static final List<Setting> SETTINGS = List.of(
            Setting.optional("endpoint", "the server's host:port, such as 127.0.0.1:9000; default: " + DEFAULT_ENDPOINT)
                    .asEndpoint()
                    .env("MINIO_ENDPOINT"),
            Setting.required("access-key", "the access key").asSecret().env("MINIO_ACCESS_KEY"),
            Setting.required("secret-key", "the secret key").asSecret().env("MINIO_SECRET_KEY"),
            Setting.required("bucket", "the bucket's name, such as my-models").env("MODEL_STORE_MINIO_BUCKET"),
            Setting.rootPrefix("MODEL_STORE_MINIO_ROOT_PREFIX"),
            Setting.optional("secure", "false for http instead of https"));

    /** Created by {@link java.util.ServiceLoader}. */
    public MinioStorageProvider() {}

    @Override
    public String id() {
        return "minio";
    }

    @Override
    public void checkAvailable() {
        SdkCheck.load();
    }

    @Override
    public List<String> uriSchemes() {
        return List.of("minio");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** {@code minio://host:port/bucket/prefix}: the server, then the bucket as the path's first segment. */
    @Override
    public Map<String, String> fromUri(StoreUri uri) {
        Map<String, String> settings = uri.settings("endpoint");
        String path = uri.prefix();
        int slash = path.indexOf('/');
        if (!path.isEmpty()) {
            settings.put("bucket", slash < 0 ? path : path.substring(0, slash));
        }
        if (!uri.query().containsKey(Setting.ROOT_PREFIX)) {
            settings.put(Setting.ROOT_PREFIX, slash < 0 ? "" : path.substring(slash + 1));
        }
        return settings;
    }

    @Override
    public Storage create(Map<String, String> settings) {
        String endpoint = settings.getOrDefault("endpoint", "").isBlank() ? DEFAULT_ENDPOINT : settings.get("endpoint");
        // Before the endpoint is parsed: a parse error would quote it.
        Endpoints.requireNoUserInfo(
                endpoint, "The MinIO endpoint", "endpoint", "through MINIO_ACCESS_KEY and MINIO_SECRET_KEY");
        String accessKey = required(settings, "access-key", "the access key");
        String secretKey = required(settings, "secret-key", "the secret key");
        String secureValue = settings.getOrDefault("secure", "true").trim();
        if (!secureValue.equalsIgnoreCase("true") && !secureValue.equalsIgnoreCase("false")) {
            // Anything else must not quietly mean plain http.
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The MinIO setting 'secure' is '" + secureValue
                            + "': give true (https, the default) or false (http).",
                    "secure",
                    null);
        }
        boolean secure = Boolean.parseBoolean(secureValue);
        URI url = URI.create(endpoint.contains("://") ? endpoint : (secure ? "https://" : "http://") + endpoint);
        return S3Storage.builder()
                .minio(endpoint)
                .bucket(settings.get("bucket"))
                .endpointOverride(url)
                .forcePathStyle(true)
                .staticCredentials(accessKey, secretKey)
                .build();
    }

    private static String required(Map<String, String> settings, String key, String what) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The MinIO backend needs " + what + ": give the setting '" + key + "'.",
                    key,
                    null);
        }
        return value;
    }
}

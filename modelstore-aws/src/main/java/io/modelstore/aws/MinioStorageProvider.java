package io.modelstore.aws;

import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;

import java.net.URI;
import java.util.Map;

/**
 * The {@code minio} backend, for any S3-compatible server (MinIO, Ceph, Backblaze B2, Cloudflare R2). Settings:
 * {@code endpoint} ({@code host:port} as Python takes it, or a URL), {@code access-key}, {@code secret-key},
 * {@code bucket} and {@code secure} ({@code true} for https, the default).
 */
public final class MinioStorageProvider implements StorageProvider {

    @Override
    public String id() {
        return "minio";
    }

    @Override
    public void checkAvailable() {
        SdkCheck.load();
    }

    @Override
    public Storage create(Map<String, String> settings) {
        String endpoint = required(settings, "endpoint", "MINIO_ENDPOINT", "the server's host:port, such as 127.0.0.1:9000");
        String accessKey = required(settings, "access-key", "MINIO_ACCESS_KEY", "the access key");
        String secretKey = required(settings, "secret-key", "MINIO_SECRET_KEY", "the secret key");
        boolean secure = Boolean.parseBoolean(settings.getOrDefault("secure", "true"));
        URI url = URI.create(endpoint.contains("://") ? endpoint : (secure ? "https://" : "http://") + endpoint);
        return S3Storage.builder()
                .minio(endpoint)
                .bucket(settings.get("bucket"))
                .endpointOverride(url)
                .forcePathStyle(true)
                .staticCredentials(accessKey, secretKey)
                .build();
    }

    private static String required(Map<String, String> settings, String key, String variable, String what) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new ModelStoreException("The MinIO backend needs " + what + ": pass it to ModelStore.fromMinio(...) "
                    + "or set " + variable + ".");
        }
        return value;
    }
}

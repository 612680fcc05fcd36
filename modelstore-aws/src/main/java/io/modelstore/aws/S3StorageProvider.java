package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;

import java.net.URI;
import java.util.Map;

/**
 * The {@code aws-s3} backend. Settings: {@code bucket} (required), {@code region}, {@code endpoint} (an
 * S3-compatible server's URL) and {@code path-style}. Credentials come from the AWS SDK's default chain.
 */
public final class S3StorageProvider implements StorageProvider {

    @Override
    public String id() {
        return "aws-s3";
    }

    @Override
    public void checkAvailable() {
        SdkCheck.load();
    }

    @Override
    public Storage create(Map<String, String> settings) {
        S3Storage.Builder builder = S3Storage.builder().bucket(settings.get("bucket")).region(settings.get("region"));
        String endpoint = settings.get("endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        String pathStyle = settings.get("path-style");
        if (pathStyle != null) {
            builder.forcePathStyle(Boolean.parseBoolean(pathStyle));
        }
        return builder.build();
    }
}

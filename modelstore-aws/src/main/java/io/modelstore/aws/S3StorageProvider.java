package io.modelstore.aws;

import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * The {@code aws-s3} backend: {@code s3://bucket/prefix?region=eu-central-1}. Settings: {@code bucket} (required),
 * {@code region}, {@code endpoint} (an S3-compatible server's URL) and {@code path-style}. Credentials come from the
 * AWS SDK's default chain.
 */
public final class S3StorageProvider implements StorageProvider {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("bucket", "the bucket's name, such as my-models").env("MODEL_STORE_AWS_BUCKET"),
            Setting.optional("region", "the region's code, such as eu-central-1")
                    .env("MODEL_STORE_REGION"),
            Setting.rootPrefix("MODEL_STORE_AWS_ROOT_PREFIX"),
            Setting.optional("endpoint", "the URL of an S3-compatible server, such as http://127.0.0.1:9000")
                    .asEndpoint()
                    .env("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
            Setting.optional("path-style", "true for path-style addressing (host/bucket/key)"));

    /** Created by {@link java.util.ServiceLoader}. */
    public S3StorageProvider() {}

    @Override
    public String id() {
        return "aws-s3";
    }

    @Override
    public void checkAvailable() {
        SdkCheck.load();
    }

    @Override
    public List<String> uriSchemes() {
        return List.of("s3");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, String> fromUri(StoreUri uri) {
        return uri.settings("bucket");
    }

    @Override
    public Storage create(Map<String, String> settings) {
        S3Storage.Builder builder =
                S3Storage.builder().bucket(settings.get("bucket")).region(settings.get("region"));
        String endpoint = settings.get("endpoint");
        if (endpoint != null) {
            try {
                builder.endpointOverride(new URI(endpoint));
            } catch (URISyntaxException e) {
                throw new StorageException(
                        Reason.INVALID_SETTINGS,
                        "Invalid S3 endpoint: " + e.getReason() + " at index " + e.getIndex()
                                + ". Give a URL such as http://127.0.0.1:9000.",
                        "endpoint",
                        null);
            }
        }
        String pathStyle = settings.get("path-style");
        if (pathStyle != null) {
            builder.forcePathStyle(Boolean.parseBoolean(pathStyle));
        }
        return builder.build();
    }
}

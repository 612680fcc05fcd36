package io.modelstore.gcp;

import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.util.List;
import java.util.Map;

/**
 * The {@code google-cloud-storage} backend: {@code gs://bucket/prefix?project=my-project}. Settings: {@code bucket} (required), {@code project} (without one the
 * client is anonymous and read-only, as in Python) and {@code host} (another JSON API endpoint).
 */
public final class GcsStorageProvider implements StorageProvider {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("bucket", "the bucket's name, such as my-models").env("MODEL_STORE_GCP_BUCKET"),
            Setting.optional(
                            "project",
                            "the project that pays for requests; without one, access is anonymous and read-only")
                    .env("MODEL_STORE_GCP_PROJECT"),
            Setting.rootPrefix("MODEL_STORE_GCP_ROOT_PREFIX"),
            Setting.optional("host", "another JSON API endpoint, such as http://127.0.0.1:4443")
                    .asEndpoint());

    @Override
    public List<String> uriSchemes() {
        return List.of("gs");
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
    public String id() {
        return "google-cloud-storage";
    }

    @Override
    public void checkAvailable() {
        for (String name :
                new String[] {"com.google.cloud.storage.StorageOptions", "com.google.auth.oauth2.GoogleCredentials"}) {
            try {
                Class.forName(name, false, GcsStorageProvider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(name.replace('.', '/'));
            }
        }
    }

    @Override
    public Storage create(Map<String, String> settings) {
        GcsStorage.Builder builder =
                GcsStorage.builder().project(settings.get("project")).bucket(settings.get("bucket"));
        if (settings.get("host") != null) {
            builder.host(settings.get("host"));
        }
        return builder.build();
    }
}

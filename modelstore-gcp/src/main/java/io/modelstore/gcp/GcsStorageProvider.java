package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;

import java.util.Map;

/**
 * The {@code google-cloud-storage} backend. Settings: {@code bucket} (required), {@code project} (without one the
 * client is anonymous and read-only, as in Python) and {@code host} (another JSON API endpoint).
 */
public final class GcsStorageProvider implements StorageProvider {

    @Override
    public String id() {
        return "google-cloud-storage";
    }

    @Override
    public void checkAvailable() {
        for (String name : new String[] {"com.google.cloud.storage.StorageOptions", "com.google.auth.oauth2.GoogleCredentials"}) {
            try {
                Class.forName(name, false, GcsStorageProvider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(name.replace('.', '/'));
            }
        }
    }

    @Override
    public Storage create(Map<String, String> settings) {
        GcsStorage.Builder builder = GcsStorage.builder().project(settings.get("project")).bucket(settings.get("bucket"));
        if (settings.get("host") != null) {
            builder.host(settings.get("host"));
        }
        return builder.build();
    }
}

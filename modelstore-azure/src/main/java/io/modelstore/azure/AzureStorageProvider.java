package io.modelstore.azure;

import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.util.List;
import java.util.Map;

/**
 * The {@code azure-container} backend: {@code az://container/prefix}. Settings: {@code container} (required), and {@code connection-string}
 * (default: {@code AZURE_STORAGE_CONNECTION_STRING}, as in Python).
 */
public final class AzureStorageProvider implements StorageProvider {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("container", "the container's name, such as models")
                    .env("MODEL_STORE_AZURE_CONTAINER"),
            Setting.rootPrefix("MODEL_STORE_AZURE_ROOT_PREFIX"),
            Setting.required("connection-string", "the storage account's connection string")
                    .asSecret()
                    .env("AZURE_STORAGE_CONNECTION_STRING"));

    /** Created by {@link java.util.ServiceLoader}. */
    public AzureStorageProvider() {}

    @Override
    public List<String> uriSchemes() {
        return List.of("az");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, String> fromUri(StoreUri uri) {
        return uri.settings("container");
    }

    @Override
    public String id() {
        return "azure-container";
    }

    @Override
    public void checkAvailable() {
        for (String name : new String[] {
            "com.azure.storage.blob.BlobServiceClientBuilder", "com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder"
        }) {
            try {
                Class.forName(name, false, AzureStorageProvider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(name.replace('.', '/'));
            }
        }
    }

    @Override
    public Storage create(Map<String, String> settings) {
        return AzureBlobStorage.builder()
                .container(settings.get("container"))
                .connectionString(settings.get("connection-string"))
                .build();
    }
}

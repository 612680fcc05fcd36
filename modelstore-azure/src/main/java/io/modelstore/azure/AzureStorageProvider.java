package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;

import java.util.Map;

/**
 * The {@code azure-container} backend. Settings: {@code container} (required), and {@code connection-string}
 * (default: {@code AZURE_STORAGE_CONNECTION_STRING}, as in Python).
 */
public final class AzureStorageProvider implements StorageProvider {

    @Override
    public String id() {
        return "azure-container";
    }

    @Override
    public void checkAvailable() {
        for (String name : new String[] {"com.azure.storage.blob.BlobServiceClientBuilder",
                "com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder"}) {
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

/** The {@code azure-container} backend, on the Azure SDK (whose jars have module descriptors), with the JDK's HTTP client. */
module io.modelstore.azure {
    // AzureBlobStorage is a Storage.
    requires transitive io.modelstore;
    // AzureBlobStorage.Builder.credential takes a TokenCredential.
    requires transitive com.azure.core;
    requires com.azure.core.http.jdk.httpclient;
    requires com.azure.storage.blob;
    requires com.azure.storage.common;

    // AzureBlobStorage, for ModelStore.builder(AzureBlobStorage.builder()...build()).
    exports io.modelstore.azure;

    // As META-INF/services/io.modelstore.spi.StorageProvider says, for the class path.
    provides io.modelstore.spi.StorageProvider with
            io.modelstore.azure.AzureStorageProvider;
}

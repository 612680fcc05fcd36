/** The {@code filesystem} backend: a store in a local (or mounted) directory. */
module io.modelstore.local {
    // FileSystemStorage is a Storage: the SPI's types are in its API.
    requires transitive io.modelstore;

    // FileSystemStorage, for ModelStore.builder(new FileSystemStorage(...)).
    exports io.modelstore.local;

    // As META-INF/services/io.modelstore.spi.StorageProvider says, for the class path.
    provides io.modelstore.spi.StorageProvider with
            io.modelstore.local.FileSystemStorageProvider;
}

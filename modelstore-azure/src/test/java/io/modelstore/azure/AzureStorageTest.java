package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blob contract against Azurite, with block uploads above 4 MiB. */
class AzureStorageTest extends StorageContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CheckContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store check against Azurite. */
class AzureCheckTest extends CheckContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

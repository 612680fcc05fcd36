package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.LatestPointerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The latest pointer's contract against Azurite. */
class AzureLatestPointerTest extends LatestPointerContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

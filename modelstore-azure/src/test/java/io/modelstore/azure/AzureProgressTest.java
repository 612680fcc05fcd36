package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ProgressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Progress against Azurite, block by block (4 MiB blocks). */
class AzureProgressTest extends ProgressContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

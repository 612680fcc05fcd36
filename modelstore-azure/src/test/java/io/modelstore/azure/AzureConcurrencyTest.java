package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ConcurrencyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concurrency contract against Azurite. */
class AzureConcurrencyTest extends ConcurrencyContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ModelStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against Azurite, below a root prefix. */
class AzureModelStoreTest extends ModelStoreContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Override
    protected String rootPrefix() {
        return "ml";
    }
}

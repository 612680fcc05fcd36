package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.SafetyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the store refuses (SafetyContract) against Azurite, below a root prefix. */
class AzureSafetyTest extends SafetyContract {

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

package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StreamedWriteContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streamed-write contract against Azurite, with block uploads above 4 MiB. */
class AzureStreamedWriteTest extends StreamedWriteContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

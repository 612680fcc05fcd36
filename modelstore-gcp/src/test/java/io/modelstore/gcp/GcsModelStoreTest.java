package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ModelStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ModelStoreContract through the real google-cloud-storage client against the JSON API test server. */
class GcsModelStoreTest extends ModelStoreContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }
}

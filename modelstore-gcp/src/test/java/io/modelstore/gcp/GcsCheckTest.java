package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CheckContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store check against the GCS JSON API test server. */
class GcsCheckTest extends CheckContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }
}

package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.LatestPointerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The latest pointer's contract through the real google-cloud-storage client against the JSON API test server. */
class GcsLatestPointerTest extends LatestPointerContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }
}

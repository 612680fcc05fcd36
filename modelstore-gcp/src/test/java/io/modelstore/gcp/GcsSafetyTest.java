package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.SafetyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SafetyContract through the real google-cloud-storage client against the JSON API test server. */
class GcsSafetyTest extends SafetyContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }
}

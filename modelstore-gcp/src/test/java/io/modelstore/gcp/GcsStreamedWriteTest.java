package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StreamedWriteContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streamed-write contract through the real google-cloud-storage client against the JSON API test server. */
class GcsStreamedWriteTest extends StreamedWriteContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }
}

package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ProgressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Progress against the GCS JSON API test server, chunk by chunk (256 KiB chunks). */
class GcsProgressTest extends ProgressContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }
}

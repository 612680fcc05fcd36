package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.FaultInjectionContract;
import io.modelstore.tck.FaultyStorage.Call;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

/** Faults in the writes of upload, delete, state change and download, on the GCS JSON API test server. */
class GcsFaultInjectionTest extends FaultInjectionContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }

    /** A representative subset: the writes (the test server takes about a second a scenario, so not every call). */
    @Override
    protected Set<Call> calls() {
        return Set.of(Call.WRITE);
    }
}

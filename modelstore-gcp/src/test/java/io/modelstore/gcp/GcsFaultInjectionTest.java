package io.modelstore.gcp;

import io.modelstore.spi.Storage;
import io.modelstore.tck.FaultInjectionContract;
import io.modelstore.tck.FaultyStorage.Call;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults in the writes, reads and deletes of upload, delete, state change and download, on the GCS JSON API test server. */
class GcsFaultInjectionTest extends FaultInjectionContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }

    /** A representative subset: the calls that change the store, and the reads that decide what to change. */
    @Override
    protected Set<Call> calls() {
        return Set.of(Call.WRITE, Call.READ, Call.DELETE);
    }
}

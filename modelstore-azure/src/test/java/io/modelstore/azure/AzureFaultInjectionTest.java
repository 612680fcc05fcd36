package io.modelstore.azure;

import io.modelstore.spi.Storage;
import io.modelstore.tck.FaultInjectionContract;
import io.modelstore.tck.FaultyStorage.Call;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults in the writes, reads and deletes of upload, delete, state change and download, on Azurite. */
class AzureFaultInjectionTest extends FaultInjectionContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    /** A representative subset: the calls that change the store, and the reads that decide what to change. */
    @Override
    protected Set<Call> calls() {
        return Set.of(Call.WRITE, Call.READ, Call.DELETE);
    }
}

package io.modelstore.azure;

import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.PythonFixtureContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Python-written store copied into a container reads exactly as it does from disk. */
class AzurePythonFixtureTest extends PythonFixtureContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @Override
    protected ModelStore openFixtureStore() {
        AzureBlobStorage storage = server.newStorage();
        PythonFixture.copyInto(storage, "");
        return ModelStore.fromStorage(storage);
    }
}

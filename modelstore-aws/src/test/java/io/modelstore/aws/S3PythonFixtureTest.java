package io.modelstore.aws;

import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.PythonFixtureContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Python-written store copied into a bucket reads exactly as it does from disk. */
class S3PythonFixtureTest extends PythonFixtureContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected ModelStore openFixtureStore() {
        S3Storage storage = server.newStorage();
        PythonFixture.copyInto(storage, "");
        return ModelStore.fromStorage(storage);
    }
}

package io.modelstore.aws;

import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.PythonFixtureContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Python-written store copied into a bucket reads exactly as it does from disk. */
class S3PythonFixtureTest extends PythonFixtureContract {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected ModelStore openFixtureStore() {
        S3Storage storage = server.newStorage();
        PythonFixture.copyInto(storage, "");
        return ModelStore.fromStorage(storage);
    }
}

package io.modelstore.pytorch;

import io.modelstore.aws.S3ProxyServer;
import io.modelstore.spi.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python's TorchScript models served from S3Proxy (on 127.0.0.1, in the test's JVM). */
class S3TorchScriptServingTest extends TorchScriptServingContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

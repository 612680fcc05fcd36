package io.modelstore.onnx;

import io.modelstore.aws.S3ProxyServer;
import io.modelstore.spi.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The guarded swap of ONNX models, on S3Proxy. */
class S3OnnxFollowTest extends OnnxFollowContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

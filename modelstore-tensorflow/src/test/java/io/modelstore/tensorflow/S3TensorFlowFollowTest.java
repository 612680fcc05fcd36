package io.modelstore.tensorflow;

import io.modelstore.aws.S3ProxyServer;
import io.modelstore.spi.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TensorFlow models through follow() and the cache, on S3Proxy. */
class S3TensorFlowFollowTest extends TensorFlowFollowContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

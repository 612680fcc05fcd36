package io.modelstore.lightgbm;

import io.modelstore.aws.S3ProxyServer;
import io.modelstore.spi.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LightGBM models followed and served from the cache, on S3Proxy. */
class S3LightGbmServingTest extends LightGbmServingContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

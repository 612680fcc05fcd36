package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local cache in front of S3Proxy. */
class S3CacheTest extends CacheContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

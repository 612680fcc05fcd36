package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheSpaceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local cache on a small disk, filled from S3Proxy. */
class S3CacheSpaceTest extends CacheSpaceContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheIntegrityContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local cache hands out only the model's bytes, filled from S3Proxy. */
class S3CacheIntegrityTest extends CacheIntegrityContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

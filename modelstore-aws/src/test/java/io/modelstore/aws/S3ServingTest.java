package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ServingContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Serving, from S3Proxy. */
class S3ServingTest extends ServingContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

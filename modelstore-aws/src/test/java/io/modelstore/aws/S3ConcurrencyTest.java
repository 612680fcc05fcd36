package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ConcurrencyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concurrency contract against S3Proxy on its file-system provider, below a root prefix. */
class S3ConcurrencyTest extends ConcurrencyContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    /** S3Proxy 4.1's file-system provider checks If-Match, then writes (gaul/s3proxy#893); AWS S3 does both atomically. */
    @Override
    protected boolean atomicCompareAndSwap() {
        return false;
    }

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Override
    protected String rootPrefix() {
        return "ml/models";
    }
}

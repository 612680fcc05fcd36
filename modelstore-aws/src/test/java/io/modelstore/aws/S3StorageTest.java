package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blob contract against S3Proxy, with multipart uploads above 5 MiB. */
class S3StorageTest extends StorageContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    /** S3Proxy 4.1 checks If-Match, then writes (gaul/s3proxy#893); AWS S3 does both atomically. */
    @Override
    protected boolean atomicCompareAndSwap() {
        return false;
    }

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blob contract, compare-and-swap race included, on an S3 server whose conditions are atomic (S3Proxy on Azurite). */
class S3AtomicStorageTest extends StorageContract {

    @RegisterExtension
    static final S3ProxyServer server = S3ProxyOnAzurite.server();

    @Override
    protected boolean atomicCompareAndSwap() {
        return server.atomicConditions();
    }

    /** S3Proxy keeps every multipart upload's parts of a key as that blob's uncommitted Azure blocks. */
    @Override
    protected boolean separateStreamedWritesOfOneKey() {
        return false;
    }

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

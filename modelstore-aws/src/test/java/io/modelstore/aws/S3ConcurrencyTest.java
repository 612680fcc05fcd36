package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ConcurrencyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concurrency contract against S3Proxy (its in-memory store), below a root prefix. */
class S3ConcurrencyTest extends ConcurrencyContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    /** False: the in-memory store checks If-Match, then writes; {@link S3AtomicConcurrencyTest} races them. */
    @Override
    protected boolean atomicCompareAndSwap() {
        return server.atomicConditions();
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

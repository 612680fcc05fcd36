package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.LatestPointerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The latest pointer's contract on an S3 server whose conditional writes are atomic: S3Proxy in front of Azurite. */
class S3AtomicLatestPointerTest extends LatestPointerContract {

    @RegisterExtension
    static final S3ProxyServer server = S3ProxyOnAzurite.server();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Override
    protected String rootPrefix() {
        return "ml/models";
    }
}

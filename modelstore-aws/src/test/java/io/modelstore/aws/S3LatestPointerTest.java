package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.LatestPointerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The latest pointer's contract against S3Proxy (its in-memory store), below a root prefix. */
class S3LatestPointerTest extends LatestPointerContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Override
    protected String rootPrefix() {
        return "ml/models";
    }
}

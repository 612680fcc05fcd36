package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.SafetyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the store refuses (SafetyContract) against S3Proxy, below a root prefix as Python's MODEL_STORE_AWS_ROOT_PREFIX puts it. */
class S3SafetyTest extends SafetyContract {

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

package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ModelStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against S3Proxy, below a root prefix as Python's MODEL_STORE_AWS_ROOT_PREFIX puts it. */
class S3ModelStoreTest extends ModelStoreContract {

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

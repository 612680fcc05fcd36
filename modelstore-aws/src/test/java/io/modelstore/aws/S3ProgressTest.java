package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ProgressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Progress against S3Proxy, part by part (5 MiB parts). */
class S3ProgressTest extends ProgressContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

package io.modelstore.aws;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StreamedWriteContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streamed-write contract against S3Proxy, with multipart uploads above 5 MiB. */
class S3StreamedWriteTest extends StreamedWriteContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }
}

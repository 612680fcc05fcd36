package io.modelstore.aws;

import io.modelstore.azure.AzuriteServer;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * S3Proxy's {@code azureblob} store in front of Azurite: S3Proxy hands {@code If-Match} and {@code If-None-Match} to
 * Azure, which applies them atomically, so conditional writes through this server are atomic as AWS S3's are.
 * Azurite comes from modelstore-azure's build ({@code npm ci} there).
 */
final class S3ProxyOnAzurite implements S3ProxyServer.Backend {

    private final AzuriteServer azurite = new AzuriteServer();

    /** An S3 server whose conditional writes are atomic. */
    static S3ProxyServer server() {
        return new S3ProxyServer(new S3ProxyOnAzurite());
    }

    @Override
    public BlobStore start(ExtensionContext context) throws Exception {
        azurite.beforeAll(context);
        Properties settings = new Properties();
        settings.setProperty("jclouds.identity", AzuriteServer.ACCOUNT);
        settings.setProperty("jclouds.credential", AzuriteServer.KEY);
        settings.setProperty("jclouds.endpoint", azurite.endpoint());
        return BlobStores.create("azureblob", settings);
    }

    @Override
    public void stop(ExtensionContext context) throws Exception {
        azurite.afterAll(context);
    }

    @Override
    public boolean atomicConditions() {
        return true;
    }
}

package io.modelstore.aws;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy in this JVM on 127.0.0.1, with SigV4 authentication, on an in-memory store or in front of Azurite:
 * started before a test class's tests and stopped after them
 * ({@code @RegisterExtension static final S3ProxyServer server = ...}).
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {

    public static final String ACCESS_KEY = "modelstore-access";
    public static final String SECRET_KEY = "modelstore-secret-Do-Not-Print";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** What S3Proxy keeps the blobs in: started before it, stopped after it. */
    public interface Backend {
        BlobStore start(ExtensionContext context) throws Exception;

        default void stop(ExtensionContext context) throws Exception {}

        /** Whether the store checks a write's condition and applies the write in one step. */
        boolean atomicConditions();
    }

    /** S3Proxy's in-memory store, which checks {@code If-Match} and then writes (gaul/s3proxy#893). */
    private static final Backend IN_MEMORY = new Backend() {
        @Override
        public BlobStore start(ExtensionContext context) {
            return BlobStores.create("transient", new Properties());
        }

        @Override
        public boolean atomicConditions() {
            return false;
        }
    };

    private final Backend backend;
    private S3Proxy proxy;
    private S3Client admin;

    /** On S3Proxy's in-memory store: a race can slip between its check of a condition and its write. */
    public S3ProxyServer() {
        this(IN_MEMORY);
    }

    /** On another store, such as {@link S3ProxyOnAzurite}. */
    public S3ProxyServer(Backend backend) {
        this.backend = backend;
    }

    /** Whether conditional writes are checked and applied in one step, as AWS S3 does. */
    public boolean atomicConditions() {
        return backend.atomicConditions();
    }

    /** Starts the server (what JUnit calls before a test class; a harness may call it with a null context). */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        proxy = start(backend.start(context));
        admin = S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private static S3Proxy start(BlobStore store) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start within 30 s: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    /** A raw client of the server, to look at what a test left there. */
    public S3Client admin() {
        return admin;
    }

    /** Creates a new empty bucket and returns its name. */
    public String newBucket() {
        String name = "bucket-" + BUCKETS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        admin.createBucket(r -> r.bucket(name));
        return name;
    }

    /** A storage on a new bucket, with 5 MiB parts (the least S3 allows) so that tests cross into multipart uploads. */
    public S3Storage newStorage() {
        return storage(newBucket()).build();
    }

    public S3Storage.Builder storage(String bucket) {
        return S3Storage.builder()
                .bucket(bucket)
                .endpointOverride(endpoint())
                .region("us-east-1")
                .staticCredentials(ACCESS_KEY, SECRET_KEY)
                .partSize(5L << 20);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        admin.close();
        proxy.stop();
        backend.stop(context);
    }
}

package io.modelstore.aws;

import io.modelstore.tck.BoundedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
/** A 1 GiB model up and down through S3 (S3Proxy) by a JVM whose heap is 64 MiB: multipart parts included. */
class S3BoundedMemoryTest {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @TempDir
    Path tmp;

    @Test
    void aModelSixteenTimesTheHeapGoesUpAndDown() throws Exception {
        String uri = "s3://" + server.newBucket() + "/ml?region=us-east-1&endpoint=" + server.endpoint();
        BoundedMemory.roundTrip(uri, 1024, tmp, Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY, "AWS_EC2_METADATA_DISABLED", "true"));
    }
}

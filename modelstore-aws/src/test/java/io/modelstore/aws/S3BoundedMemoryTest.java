package io.modelstore.aws;

import io.modelstore.tck.BoundedMemory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GiB model up and down through S3 (S3Proxy) by a JVM whose heap is 48 MiB, multipart parts included: opened by
 * URI and by {@code ModelStore.fromMinio}, each way of opening applying the same rule to its parts.
 */
class S3BoundedMemoryTest {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @TempDir
    Path tmp;

    private String bucket;

    @Test
    void aModelTwentyTimesTheHeapGoesUpAndDownThroughAUri() throws Exception {
        bucket = server.newBucket();
        String uri = "s3://" + bucket + "/ml?region=us-east-1&endpoint=" + server.endpoint();
        BoundedMemory.roundTrip(
                uri,
                1024,
                tmp,
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.SECRET_KEY,
                        "AWS_EC2_METADATA_DISABLED",
                        "true"));
    }

    @Test
    void aModelTwentyTimesTheHeapGoesUpAndDownThroughFromMinio() throws Exception {
        bucket = server.newBucket();
        BoundedMemory.roundTripFromMinio(
                "127.0.0.1:" + server.port(),
                bucket,
                1024,
                tmp,
                Map.of(
                        "MINIO_ACCESS_KEY",
                        S3ProxyServer.ACCESS_KEY,
                        "MINIO_SECRET_KEY",
                        S3ProxyServer.SECRET_KEY,
                        "AWS_EC2_METADATA_DISABLED",
                        "true"));
    }

    // S3Proxy keeps blobs in this JVM's heap: a gibibyte less for the next test.
    @AfterEach
    void emptyTheBucket() {
        S3Client admin = server.admin();
        admin.listMultipartUploads(r -> r.bucket(bucket))
                .uploads()
                .forEach(upload -> admin.abortMultipartUpload(
                        r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
        admin.listObjectsV2Paginator(r -> r.bucket(bucket))
                .contents()
                .forEach(object -> admin.deleteObject(r -> r.bucket(bucket).key(object.key())));
    }
}

package io.modelstore.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.StorageContract;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The blob contract against S3Proxy, with multipart uploads above 5 MiB. */
class S3StorageTest extends StorageContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    /** False: the in-memory store checks If-Match, then writes; {@link S3AtomicStorageTest} races them. */
    @Override
    protected boolean atomicCompareAndSwap() {
        return server.atomicConditions();
    }

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Test
    void partsGoUpWhileTheBlobIsStillBeingWritten() throws Exception {
        S3Storage s3 = (S3Storage) storage();
        String key = "tck/streaming.bin";
        byte[] part = new byte[5 << 20];
        new Random(1).nextBytes(part);
        try (BlobOutput out = s3.openWrite(key, WriteCondition.ifAbsent())) {
            for (int i = 0; i < 3; i++) {
                out.write(part);
            }
            // Two parts are full; they go up before the commit, while the third is still being written.
            long deadline = System.nanoTime() + 10_000_000_000L;
            int sent = 0;
            while (sent < 2 && System.nanoTime() < deadline) {
                // The first part's sender begins the upload, so it may not be there at once.
                List<MultipartUpload> uploads = server.admin()
                        .listMultipartUploads(r -> r.bucket(s3.bucket()))
                        .uploads();
                assertThat(uploads).extracting(MultipartUpload::key).isSubsetOf(key);
                sent = uploads.isEmpty()
                        ? 0
                        : server.admin()
                                .listParts(r -> r.bucket(s3.bucket())
                                        .key(key)
                                        .uploadId(uploads.get(0).uploadId()))
                                .parts()
                                .size();
                Thread.sleep(20);
            }
            assertThat(sent).as("parts uploaded before the commit").isGreaterThanOrEqualTo(2);
            assertThat(s3.stat(key)).isEmpty();
            out.write(new byte[10]);
            assertThat(out.commit()).isTrue();
        }
        assertThat(s3.stat(key).orElseThrow().size()).isEqualTo(3L * part.length + 10);
        assertThat(server.admin()
                        .listMultipartUploads(r -> r.bucket(s3.bucket()))
                        .uploads())
                .isEmpty();
    }
}

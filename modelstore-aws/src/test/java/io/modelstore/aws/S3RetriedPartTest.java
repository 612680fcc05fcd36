package io.modelstore.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A part that the server takes in whole and then fails with a 500 (InternalError), so that the SDK sends it again: the upload
 * succeeds, its bytes are the model's, and its progress counts that part once (a count of the bytes as the SDK reads
 * them would count it twice).
 */
class S3RetriedPartTest {

    /** How often part 2 arrived. */
    private static final AtomicInteger SECOND_PART_SENT = new AtomicInteger();

    /** S3Proxy's in-memory store, failing the first upload of part 2 after reading all of it. */
    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer(new S3ProxyServer.Backend() {
        @Override
        public BlobStore start(ExtensionContext context) {
            return new ForwardingBlobStore(BlobStores.create("transient", new Properties())) {
                @Override
                public UploadPartResponse uploadMultipartPart(
                        MultipartUpload upload, UploadPartRequest request, InputStream in) {
                    if (request.partNumber() == 2 && SECOND_PART_SENT.incrementAndGet() == 1) {
                        try {
                            in.transferTo(
                                    OutputStream.nullOutputStream()); // the bytes went; only the answer is an error
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        throw new S3ProxyException(
                                S3ErrorCode.INTERNAL_ERROR, "injected: the server fails after taking the part");
                    }
                    return super.uploadMultipartPart(upload, request, in);
                }
            };
        }

        @Override
        public boolean atomicConditions() {
            return false;
        }
    });

    @TempDir
    Path tmp;

    @Test
    void aRetriedPartIsCountedOnce() throws IOException {
        byte[] weights = new byte[14 << 20]; // random: three 5 MiB parts of archive
        new Random(14).nextBytes(weights);
        Path model = Files.write(tmp.resolve("weights.bin"), weights);
        List<long[]> uploading = new CopyOnWriteArrayList<>();
        ModelMetadata uploaded;
        try (ModelStore store = ModelStore.fromStorage(server.newStorage())) {
            uploaded = store.upload(UploadRequest.builder("fraud")
                    .file(model)
                    .progress((stage, done, total) -> {
                        if (stage.equals("uploading")) {
                            uploading.add(new long[] {done, total});
                        }
                    })
                    .build());
            store.download(tmp.resolve("down"), "fraud", uploaded.modelId());
        }
        assertThat(SECOND_PART_SENT.get())
                .as("part 2 was sent again after the failure")
                .isEqualTo(2);
        assertThat(tmp.resolve("down/weights.bin")).hasSameBinaryContentAs(model);
        long archiveSize = uploaded.archiveSize().orElseThrow();
        assertThat(uploading).extracting(e -> e[0]).isSorted().allMatch(done -> done <= archiveSize);
        assertThat(uploading.get(uploading.size() - 1)).containsExactly(archiveSize, archiveSize);
    }
}

package io.modelstore.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.CheckReport.Finding;
import io.modelstore.CheckReport.Kind;
import io.modelstore.spi.Storage;
import io.modelstore.tck.CheckContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The store check against S3Proxy, and the multipart uploads that a crashed upload leaves unfinished. */
class S3CheckTest extends CheckContract {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Test
    void anUnfinishedMultipartUploadOfTheStoreIsAbortedByARepair() {
        String bucket = ((S3Storage) storage).bucket();
        try (S3Client admin = S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build()) {
            String uploadId = admin.createMultipartUpload(r -> r.bucket(bucket)
                            .key("operatorai-model-store/fraud/2026.01.02-03.04.05/crashed/artifacts.tar.gz"))
                    .uploadId();

            assertThat(storeFindings(store.check(false, Duration.ofHours(1))))
                    .as("begun just now")
                    .isEmpty();
            assertThat(storeFindings(store.check(false, Duration.ZERO)))
                    .extracting(Finding::kind, Finding::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            Kind.STORAGE_LEFTOVER,
                            "the unfinished multipart "
                                    + "upload " + uploadId + " of s3://" + bucket
                                    + "/operatorai-model-store/fraud/2026.01.02-03.04.05/"
                                    + "crashed/artifacts.tar.gz, begun "
                                    + admin.listMultipartUploads(r -> r.bucket(bucket))
                                            .uploads()
                                            .get(0)
                                            .initiated()));
            assertThat(admin.listMultipartUploads(r -> r.bucket(bucket)).uploads())
                    .hasSize(1);

            assertThat(store.check(true, Duration.ZERO).healthy()).isTrue();
            assertThat(admin.listMultipartUploads(r -> r.bucket(bucket)).uploads())
                    .isEmpty();
        }
    }
}

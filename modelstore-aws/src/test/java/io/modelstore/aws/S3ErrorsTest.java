package io.modelstore.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Each error that Python modelstore's users hit with S3, with its exact message, against the real server where one is involved. */
class S3ErrorsTest {

    @RegisterExtension
    static final S3ProxyServer server = new S3ProxyServer();

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ bucket names, before any request

    @Test
    void aBucketGivenAsAnS3UrlIsRefusedWithTheNameToUse() {
        assertThatThrownBy(() -> ModelStore.fromAwsS3("s3://my-bucket", "eu-central-1"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_SETTINGS);
                    assertThat(e.setting()).contains("bucket");
                })
                .hasMessage(
                        "Invalid S3 bucket name 's3://my-bucket': give the bucket's name alone, without 's3://' or a "
                                + "path: 'my-bucket'.");
        assertThatThrownBy(() -> ModelStore.fromAwsS3("s3://my-bucket/models/prod", "eu-central-1"))
                .hasMessage(
                        "Invalid S3 bucket name 's3://my-bucket/models/prod': give the bucket's name alone, without "
                                + "'s3://' or a path: 'my-bucket', with 'models/prod' as the root prefix.");
        assertThatThrownBy(() -> ModelStore.fromAwsS3("models/ml", "eu-central-1"))
                .hasMessage(
                        "Invalid S3 bucket name 'models/ml': give the bucket's name alone, without a path: 'models', "
                                + "with 'ml' as the root prefix.");
    }

    @Test
    void messagesNameTheEndpointThatTheSdkTakesFromTheEnvironment() {
        S3Storage.Builder builder = S3Storage.builder().bucket("b").region("eu-central-1");
        assertThat(builder.endpointDescription(Map.of())).isEqualTo("AWS S3 in eu-central-1");
        assertThat(builder.endpointDescription(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")))
                .isEqualTo("http://127.0.0.1:9000 (from AWS_ENDPOINT_URL)");
        assertThat(builder.endpointDescription(
                        Map.of("AWS_ENDPOINT_URL", "http://a:1", "AWS_ENDPOINT_URL_S3", "http://s3:2")))
                .isEqualTo("http://s3:2 (from AWS_ENDPOINT_URL_S3)");
        assertThat(builder.endpointOverride(URI.create("http://given:3"))
                        .endpointDescription(Map.of("AWS_ENDPOINT_URL", "x")))
                .isEqualTo("http://given:3");
    }

    @Test
    void messagesNameTheEndpointThatTheSdkTakesFromASystemPropertyFirst() {
        S3Storage.Builder builder = S3Storage.builder().bucket("b");
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_S3", "http://variable:1");
        try {
            System.setProperty("aws.endpointUrl", "http://any-service:2");
            assertThat(builder.endpointDescription(env))
                    .isEqualTo("http://any-service:2 (from the system property aws.endpointUrl)");
            System.setProperty("aws.endpointUrlS3", "http://s3:3");
            assertThat(builder.endpointDescription(env))
                    .isEqualTo("http://s3:3 (from the system property aws.endpointUrlS3)");
        } finally {
            System.clearProperty("aws.endpointUrl");
            System.clearProperty("aws.endpointUrlS3");
        }
    }

    @Test
    void aBucketNameBreakingS3sRulesIsRefusedBeforeAnyRequest() {
        // A closed port: any request would fail differently.
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket("My_Models")
                        .endpointOverride(nowhere)
                        .build())
                .isInstanceOf(ModelStoreException.class)
                .hasMessage("Invalid S3 bucket name 'My_Models': bucket names use only lowercase letters, digits, '.' "
                        + "and '-', and begin and end with a letter or digit. Did you mean 'my-models'?");
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket("ab")
                        .endpointOverride(nowhere)
                        .build())
                .hasMessage("Invalid S3 bucket name 'ab': bucket names are 3 to 63 characters long. "
                        + "Check the bucket's name in the S3 console.");
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket("192.168.1.10")
                        .endpointOverride(nowhere)
                        .build())
                .hasMessageContaining("bucket names are not IP addresses");
        assertThatThrownBy(() -> ModelStore.fromAwsS3(null, "eu-central-1"))
                .hasMessage(
                        "No S3 bucket was given. Give the bucket's name (the setting 'bucket'), such as 'my-models'.");
    }

    // ------------------------------------------------------------------ regions, from the SDK's metadata

    @Test
    void aRegionGivenByItsNameIsRefusedWithItsCode() {
        assertThatThrownBy(() -> ModelStore.fromAwsS3("my-bucket", "Frankfurt"))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.setting()).contains("region"))
                .hasMessage("Invalid AWS region 'Frankfurt': give the region's code, not its name. "
                        + "Use 'eu-central-1' (Europe (Frankfurt)).");
    }

    @Test
    void aMisspeltRegionIsRefusedWithTheClosestCode() {
        assertThatThrownBy(() -> ModelStore.fromAwsS3("my-bucket", "eu-centrl-1"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage("Unknown AWS region 'eu-centrl-1'. Did you mean 'eu-central-1'?");
        assertThatThrownBy(() -> ModelStore.fromAwsS3("my-bucket", "europe"))
                .hasMessageStartingWith("Invalid AWS region 'europe': give the region's code, not its name. Use 'eu-");
    }

    // ------------------------------------------------------------------ against the server

    @Test
    void aMissingBucketIsReportedAndNotCreated() {
        assertThatThrownBy(() -> server.storage("no-such-bucket").build())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND);
                    assertThat(e.setting()).contains("bucket");
                })
                .hasMessage("Failed to set up the AWS S3 storage: bucket 'no-such-bucket' does not exist (at "
                        + server.endpoint()
                        + "). Create it first, or fix its name: modelstore does not create buckets.");
        try (S3Client admin = admin()) {
            assertThat(admin.listBuckets().buckets()).noneMatch(b -> b.name().equals("no-such-bucket"));
        }
    }

    @Test
    void deniedAccessIsReportedWithoutTheSecret() {
        String bucket = server.newBucket();
        String wrongSecret = "wrong-secret-Do-Not-Print";
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket(bucket)
                        .endpointOverride(server.endpoint())
                        .staticCredentials(S3ProxyServer.ACCESS_KEY, wrongSecret)
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                .hasMessageStartingWith(
                        "Failed to set up the AWS S3 storage: access to bucket '" + bucket + "' is denied (HTTP 403")
                .hasMessageEndingWith(
                        "Check that these credentials are right and may read, write, list and delete in bucket '"
                                + bucket + "' (s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject).")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrongSecret));
    }

    @Test
    void missingCredentialsSayHowToProvideThem() {
        String expected = "Failed to set up the AWS S3 storage: no AWS credentials were found. Provide them in one of "
                + "these ways: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones); "
                + "run 'aws configure' to write ~/.aws/credentials; set AWS_PROFILE to a profile of ~/.aws/config; or run "
                + "with a role (EC2 instance profile, ECS task role, or EKS web identity through AWS_WEB_IDENTITY_TOKEN_FILE "
                + "and AWS_ROLE_ARN).";
        String bucket = server.newBucket();
        // A chain that finds nothing, as the default chain does on a machine without credentials.
        AwsCredentialsProviderChain nothing = AwsCredentialsProviderChain.builder()
                .credentialsProviders(ProfileCredentialsProvider.builder()
                        .profileName("modelstore-no-such-profile")
                        .build())
                .build();
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket(bucket)
                        .endpointOverride(server.endpoint())
                        .credentialsProvider(nothing)
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS))
                .hasMessage(expected);

        // The SDK's own default chain, where this machine has no credentials (the build points the profile files
        // at nothing and disables the instance metadata service).
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getProperty("aws.accessKeyId") == null);
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket(bucket)
                        .endpointOverride(server.endpoint())
                        .build())
                .isInstanceOf(StorageException.class)
                .hasMessage(expected);
    }

    @Test
    void anUnreachableEndpointNamesTheUrlAndTheLikelyCauses() {
        int port = closedPort();
        assertThatThrownBy(() -> S3Storage.builder()
                        .bucket("my-bucket")
                        .endpointOverride(URI.create("http://127.0.0.1:" + port))
                        .staticCredentials("a", "b")
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageStartingWith(
                        "Failed to set up the AWS S3 storage: cannot reach the endpoint http://127.0.0.1:" + port
                                + " (")
                .hasMessageContaining("Connection refused")
                .hasMessageEndingWith(
                        "). Likely causes: a wrong region, a wrong endpoint override (host, port, http or "
                                + "https), or no network route or proxy to it from here.");
    }

    // ------------------------------------------------------------------ what works

    @Test
    void minioStoresWritePythonsStorageTypeAndHideTheirKeys() throws IOException {
        String bucket = server.newBucket();
        try (ModelStore store = ModelStore.fromMinio(
                "127.0.0.1:" + server.port(),
                S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY,
                bucket,
                false,
                "team")) {
            ModelMetadata meta = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"));
            assertThat(meta.storage())
                    .containsEntry("type", "minio:127.0.0.1:" + server.port())
                    .containsEntry("bucket", bucket);
            assertThat((String) meta.storage().get("prefix"))
                    .startsWith("team/operatorai-model-store/d/")
                    .endsWith("/" + meta.modelId() + "/artifacts.tar.gz");
            assertThat(store.toString() + store.storage().describe()).doesNotContain(S3ProxyServer.SECRET_KEY);
            assertThat(meta.toJson()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
        }
    }

    @Test
    void awsStoresWritePythonsStorageObject() throws IOException {
        String bucket = server.newBucket();
        try (ModelStore store = ModelStore.fromStorage(server.storage(bucket).build(), "prefix")) {
            ModelMetadata meta = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"));
            assertThat(meta.storage()).containsEntry("type", "aws:s3").containsEntry("bucket", bucket);
            assertThat((String) meta.storage().get("prefix")).startsWith("prefix/operatorai-model-store/d/");
        }
    }

    @Test
    void largeFilesGoUpInPartsAndAConditionalCompletionThatLosesLeavesNoUpload() throws IOException {
        String bucket = server.newBucket();
        Path big = tmp.resolve("big.bin");
        byte[] data = new byte[12 << 20];
        new Random(1).nextBytes(data);
        Files.write(big, data);
        try (S3Storage storage = server.storage(bucket).build();
                S3Client admin = admin()) {
            assertThat(storage.write("k", big, WriteCondition.ifAbsent())).isTrue();
            // A multipart object's ETag ends in -<number of parts>: 12 MiB in 5 MiB parts is 3.
            assertThat(storage.stat("k").orElseThrow().version()).endsWith("-3\"");
            assertThat(storage.write("k", big, WriteCondition.ifAbsent())).isFalse();
            assertThat(admin.listMultipartUploads(r -> r.bucket(bucket)).uploads())
                    .isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static S3Client admin() {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stackText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}

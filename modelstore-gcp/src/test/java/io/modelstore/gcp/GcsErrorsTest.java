package io.modelstore.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.modelstore.Backends;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google Cloud Storage errors with their exact texts, and what Google's in-memory fake cannot show: the
 * bucket check's 404 and 403, page tokens, and the anonymous read-only client.
 */
class GcsErrorsTest {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    @TempDir
    Path tmp;

    @Test
    void missingCredentialsSayHowToProvideThem() {
        assumeTrue(System.getenv("GOOGLE_APPLICATION_CREDENTIALS") == null);
        assertThatThrownBy(() -> GcsStorage.builder()
                        .project("my-project")
                        .bucket("my-models")
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS))
                .hasMessage(
                        "Failed to set up the Google Cloud Storage storage: no Google Cloud credentials were found. "
                                + "Run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to the path "
                                + "of a service account key file, or run where a service account is attached (GCE, GKE, Cloud Run). "
                                + "To read a public bucket without credentials, give no project.");
    }

    @Test
    void aMissingBucketIsReported() {
        assertThatThrownBy(() -> server.storage("no-such-bucket").build())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND);
                    assertThat(e.setting()).contains("bucket");
                })
                .hasMessage(
                        "Failed to set up the Google Cloud Storage storage: bucket 'no-such-bucket' does not exist (at "
                                + server.host()
                                + "). Create it first ('gcloud storage buckets create gs://no-such-bucket'), or fix "
                                + "its name: modelstore does not create buckets.");
    }

    @Test
    void deniedAccessIsReported() {
        String bucket = server.newBucket();
        server.deny(bucket);
        assertThatThrownBy(() -> server.storage(bucket).build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                .hasMessageStartingWith("Failed to set up the Google Cloud Storage storage: access to bucket '" + bucket
                        + "' is denied (HTTP 403")
                .hasMessageEndingWith(
                        "Check that these credentials are right and may read, write, list and delete in bucket '"
                                + bucket + "' (roles/storage.objectAdmin).");
    }

    @Test
    void anUnreachableEndpointNamesItAndTheLikelyCauses() {
        String host = "http://127.0.0.1:" + closedPort();
        assertThatThrownBy(() -> GcsStorage.builder()
                        .project("p")
                        .bucket("my-models")
                        .host(host)
                        .maxAttempts(1)
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageStartingWith("Failed to set up the Google Cloud Storage storage: cannot reach the endpoint "
                        + host + " (java.net.ConnectException")
                .hasMessageEndingWith(
                        "). Likely causes: a wrong endpoint, or no network route or proxy to it from here.");
    }

    @Test
    void theSetUpCheckOfAStoreThatIsDownGivesUpAfterTwoAttempts() throws Exception {
        // The SDK's own defaults make six attempts over up to 50 s; a store that is down must fail in seconds.
        com.sun.net.httpserver.HttpServer down = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        down.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        down.start();
        try {
            String host = "http://127.0.0.1:" + down.getAddress().getPort();
            assertThatThrownBy(() -> GcsStorage.builder()
                            .project("p")
                            .bucket("my-models")
                            .host(host)
                            .build())
                    .isInstanceOfSatisfying(
                            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRANSIENT))
                    .hasMessageContaining("HTTP 503");
            assertThat(requests.get()).isEqualTo(2);
        } finally {
            down.stop(0);
        }
    }

    @Test
    void bucketsGivenAsUrlsOrBreakingTheRulesAreRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> ModelStore.fromGcloud("p", "gs://my-models/team"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage(
                        "Invalid Google Cloud Storage bucket name 'gs://my-models/team': give the bucket's name alone, "
                                + "without 'gs://' or a path: 'my-models', with 'team' as the root prefix.");
        assertThatThrownBy(() -> ModelStore.fromGcloud("p", "My Models"))
                .hasMessageStartingWith(
                        "Invalid Google Cloud Storage bucket name 'My Models': bucket names are 3 to 63");
    }

    @Test
    void withoutAProjectTheStoreReadsAnonymouslyAndRefusesWrites() throws IOException {
        String bucket = server.newBucket();
        try (GcsStorage writer = server.storage(bucket).build()) {
            ModelStore.fromStorage(writer).upload("d", Files.writeString(tmp.resolve("m.bin"), "public model"));
        }
        GcsStorage anonymous =
                GcsStorage.builder().bucket(bucket).host(server.host()).build();
        try (ModelStore store = ModelStore.fromStorage(anonymous)) {
            assertThat(anonymous.isAnonymous()).isTrue();
            String id = store.listModels("d").get(0);
            store.download(tmp.resolve("out"), "d", id);
            assertThat(Files.readString(tmp.resolve("out/m.bin"))).isEqualTo("public model");
            assertThatThrownBy(() -> store.upload("d", tmp.resolve("m.bin")))
                    .isInstanceOfSatisfying(
                            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                    .hasMessageContaining("(this store is read-only: anonymous access, as no project was given)")
                    .hasMessageEndingWith("(to write, give the setting 'project' and credentials: 'gcloud auth "
                            + "application-default login' or GOOGLE_APPLICATION_CREDENTIALS).");
            assertThat(store.listModels("d")).containsExactly(id);
        }
    }

    @Test
    void listingsFollowPageTokens() {
        String bucket = server.newBucket();
        try (GcsStorage storage = server.storage(bucket).build()) {
            List<String> keys = IntStream.range(0, 250)
                    .mapToObj(i -> String.format("p/k%03d", i))
                    .collect(Collectors.toList());
            keys.forEach(k -> storage.write(k, k.getBytes(StandardCharsets.UTF_8), WriteCondition.always()));
            int before = server.listRequests();
            try (Stream<BlobInfo> listed = storage.list("p/")) {
                assertThat(listed.map(BlobInfo::key)).containsExactlyElementsOf(keys);
            }
            assertThat(server.listRequests() - before).as("pages of 100").isEqualTo(3);
        }
    }

    @Test
    void theCatalogBackendWritesPythonsStorageObject() throws IOException {
        String bucket = server.newBucket();
        var storage = Backends.discover()
                .provider("google-cloud-storage")
                .create(Map.of("project", "p", "bucket", bucket, "host", server.host()));
        try (ModelStore store = ModelStore.fromStorage(storage, "team")) {
            ModelMetadata meta = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"));
            assertThat(meta.storage())
                    .containsEntry("type", "google:cloud-storage")
                    .containsEntry("bucket", bucket);
            assertThat((String) meta.storage().get("prefix"))
                    .startsWith("team/operatorai-model-store/d/")
                    .endsWith("/" + meta.modelId() + "/artifacts.tar.gz");
        }
    }

    @Test
    void googlesInMemoryFakeServesWhatItSupports() throws IOException {
        // Plain writes, reads, stats, listing by prefix and deletes; it has no preconditions and lists unordered.
        GcsStorage fake = GcsStorage.of(LocalStorageHelper.getOptions().getService(), "fake-bucket");
        fake.write("a/one.json", "1".getBytes(StandardCharsets.UTF_8), WriteCondition.always());
        Path file = Files.write(tmp.resolve("two.bin"), new byte[3 << 20]);
        fake.write("a/two.bin", file, WriteCondition.always());
        fake.write("b/three.json", "3".getBytes(StandardCharsets.UTF_8), WriteCondition.always());

        assertThat(fake.stat("a/two.bin").orElseThrow().size()).isEqualTo(3 << 20);
        try (InputStream in = fake.read("a/one.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1");
        }
        try (Stream<BlobInfo> listed = fake.list("a/")) {
            assertThat(listed.map(BlobInfo::key)).containsExactlyInAnyOrder("a/one.json", "a/two.bin");
        }
        assertThat(fake.delete("a/one.json")).isTrue();
        assertThat(fake.delete("a/one.json")).isFalse();
        assertThat(fake.stat("a/one.json")).isEmpty();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

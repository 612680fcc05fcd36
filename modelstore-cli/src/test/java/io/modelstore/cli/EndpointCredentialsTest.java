package io.modelstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.aws.S3Storage;
import io.modelstore.azure.AzureBlobStorage;
import io.modelstore.azure.AzuriteServer;
import io.modelstore.gcp.GcsJsonApiServer;
import io.modelstore.gcp.GcsStorage;
import io.modelstore.hdfs.HdfsStorage;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Storage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An endpoint with credentials ({@code http://user:password@host}), in every way one reaches a store (environment
 * variables, properties, a URI's query percent-encoded or not, a URI's authority, the builders) and on the real
 * servers (S3Proxy, the GCS JSON API server): it is refused with a message that shows it masked and says what to do,
 * and the password is in nothing that prints a store: {@link StoreConfig#toString()}, {@link Storage#describe()},
 * error messages, and {@code modelstore doctor} as text and as JSON.
 */
class EndpointCredentialsTest {

    private static final String PASSWORD = "Pa55w0rdDoNotPrint";

    @RegisterExtension
    static final S3ProxyServer s3 = new S3ProxyServer();

    @RegisterExtension
    static final GcsJsonApiServer gcs = new GcsJsonApiServer();

    /** S3Proxy's keys where the AWS SDK's default chain finds them, so that only the endpoint is wrong. */
    @BeforeAll
    static void awsCredentials() {
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    static void noAwsCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** {@code http://u:<password>@127.0.0.1:<port>}, the S3 server with credentials in its URL. */
    private static String s3WithPassword() {
        return "http://u:" + PASSWORD + "@127.0.0.1:" + s3.port();
    }

    private static String masked(int port) {
        return "****@127.0.0.1:" + port;
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** How a store is reached, and what it shows when it is: its configuration, its storage, its errors. */
    private interface Route {
        String open() throws Exception;
    }

    private static Route config(Supplier<StoreConfig> source) {
        return () -> {
            StoreConfig config = source.get();
            StringBuilder shown = new StringBuilder(config.toString()).append('\n');
            try (ModelStore store = ModelStore.open(config)) {
                shown.append(store.storage().describe())
                        .append('\n')
                        .append(store)
                        .append('\n');
                store.listDomains();
            }
            return shown.toString();
        };
    }

    private static Route storage(java.util.concurrent.Callable<Storage> builder) {
        return () -> {
            try (Storage storage = builder.call()) {
                return storage.describe() + "\n" + storage;
            }
        };
    }

    @Test
    void anEndpointWithCredentialsIsRefusedFromEverySourceAndNeverShown() {
        String bucket = s3.newBucket();
        String gcsBucket = gcs.newBucket();
        int s3Port = s3.port();
        int gcsPort = URI.create(gcs.host()).getPort();
        String gcsWithPassword = "http://u:" + PASSWORD + "@127.0.0.1:" + gcsPort;
        Map<String, String> minioKeys =
                Map.of("MINIO_ACCESS_KEY", S3ProxyServer.ACCESS_KEY, "MINIO_SECRET_KEY", S3ProxyServer.SECRET_KEY);
        Map<String, Route> routes = new LinkedHashMap<>();
        int[] ports = {s3Port, gcsPort};

        // S3: Python's and the SDK's variables, the property, the URI's query (percent-encoded or not), the builder.
        routes.put(
                "AWS_ENDPOINT_URL_S3",
                config(() -> StoreConfig.fromEnvironment(Map.of(
                        "MODEL_STORE_STORAGE",
                        "aws-s3",
                        "MODEL_STORE_AWS_BUCKET",
                        bucket,
                        "MODEL_STORE_REGION",
                        "us-east-1",
                        "AWS_ENDPOINT_URL_S3",
                        s3WithPassword()))));
        routes.put(
                "AWS_ENDPOINT_URL",
                config(() -> StoreConfig.fromEnvironment(Map.of(
                        "MODEL_STORE_STORAGE",
                        "aws-s3",
                        "MODEL_STORE_AWS_BUCKET",
                        bucket,
                        "AWS_ENDPOINT_URL",
                        s3WithPassword()))));
        routes.put(
                "MODEL_STORE_AWS_S3_ENDPOINT",
                config(() -> StoreConfig.fromEnvironment(Map.of(
                        "MODEL_STORE_STORAGE",
                        "aws-s3",
                        "MODEL_STORE_AWS_BUCKET",
                        bucket,
                        "MODEL_STORE_AWS_S3_ENDPOINT",
                        s3WithPassword()))));
        routes.put(
                "modelstore.aws-s3.endpoint",
                config(() -> StoreConfig.fromMap(Map.of(
                        "modelstore.storage",
                        "aws-s3",
                        "modelstore.aws-s3.bucket",
                        bucket,
                        "modelstore.aws-s3.region",
                        "us-east-1",
                        "modelstore.aws-s3.endpoint",
                        s3WithPassword()))));
        routes.put(
                "modelstore.uri with modelstore.aws-s3.endpoint",
                config(() -> StoreConfig.fromMap(Map.of(
                        "modelstore.uri",
                        "s3://" + bucket + "?region=us-east-1",
                        "modelstore.aws-s3.endpoint",
                        s3WithPassword()))));
        routes.put(
                "?endpoint= percent-encoded",
                config(() -> StoreConfig.fromUri(
                        "s3://" + bucket + "?region=us-east-1" + "&endpoint=" + encoded(s3WithPassword()))));
        routes.put(
                "?endpoint= with only its @ encoded",
                config(() -> StoreConfig.fromUri(
                        "s3://" + bucket + "?endpoint=http://u:" + PASSWORD + "%40127.0.0.1:" + s3Port)));
        routes.put(
                "?endpoint= plain",
                config(() -> StoreConfig.fromUri("s3://" + bucket + "?region=us-east-1&endpoint=" + s3WithPassword())));
        routes.put(
                "S3Storage.builder().endpointOverride",
                storage(() -> S3Storage.builder()
                        .bucket(bucket)
                        .region("us-east-1")
                        .endpointOverride(URI.create(s3WithPassword()))
                        .build()));
        // MinIO: Python's host:port variable, the URI's authority percent-encoded, the property.
        routes.put(
                "MINIO_ENDPOINT",
                config(() -> StoreConfig.fromEnvironment(with(
                        minioKeys,
                        "MODEL_STORE_STORAGE",
                        "minio",
                        "MODEL_STORE_MINIO_BUCKET",
                        bucket,
                        "MODEL_STORE_MINIO_SECURE",
                        "false",
                        "MINIO_ENDPOINT",
                        "u:" + PASSWORD + "@127.0.0.1:" + s3Port))));
        routes.put(
                "minio:// authority percent-encoded",
                config(() -> StoreConfig.fromUri(
                        "minio://u%3A" + PASSWORD + "%40127.0.0.1:" + s3Port + "/" + bucket + "?secure=false",
                        minioKeys)));
        routes.put(
                "modelstore.minio.endpoint",
                config(() -> StoreConfig.fromMap(Map.of(
                        "modelstore.storage",
                        "minio",
                        "modelstore.minio.bucket",
                        bucket,
                        "modelstore.minio.endpoint",
                        s3WithPassword(),
                        "modelstore.minio.access-key",
                        S3ProxyServer.ACCESS_KEY,
                        "modelstore.minio.secret-key",
                        S3ProxyServer.SECRET_KEY))));
        // Google Cloud Storage (a bucket that does not exist, whose error names the endpoint): query, property,
        // builder.
        routes.put(
                "?host= percent-encoded",
                config(() -> StoreConfig.fromUri(
                        "gs://missing-" + gcsBucket + "?project=test-project&host=" + encoded(gcsWithPassword))));
        routes.put(
                "modelstore.google-cloud-storage.host",
                config(() -> StoreConfig.fromMap(Map.of(
                        "modelstore.storage",
                        "google-cloud-storage",
                        "modelstore.google-cloud-storage.bucket",
                        "missing-" + gcsBucket,
                        "modelstore.google-cloud-storage.project",
                        "test-project",
                        "modelstore.google-cloud-storage.host",
                        gcsWithPassword))));
        routes.put(
                "GcsStorage.builder().host",
                storage(() -> GcsStorage.builder()
                        .project("test-project")
                        .bucket("missing-" + gcsBucket)
                        .host(gcsWithPassword)
                        .build()));
        // Azure (on the S3 server, which answers no Azure request): the connection string's BlobEndpoint, the builder.
        String blobEndpoint = s3WithPassword() + "/" + AzuriteServer.ACCOUNT;
        routes.put(
                "AZURE_STORAGE_CONNECTION_STRING's BlobEndpoint",
                config(() -> StoreConfig.fromUri(
                        "az://models",
                        Map.of(
                                "AZURE_STORAGE_CONNECTION_STRING",
                                "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey="
                                        + AzuriteServer.KEY + ";BlobEndpoint=" + blobEndpoint + ";"))));
        routes.put(
                "AzureBlobStorage.builder().endpoint",
                storage(() -> AzureBlobStorage.builder()
                        .container("models")
                        .endpoint(blobEndpoint)
                        .sasToken("sv=2024-01-01&sig=x")
                        .retries(1, Duration.ofSeconds(5))
                        .build()));
        // HDFS (nothing listens on port 1): the URI's authority percent-encoded, the property, HdfsStorage.open.
        String hdfsWithPassword = "hdfs://u:" + PASSWORD + "@127.0.0.1:1";
        routes.put(
                "hdfs:// authority percent-encoded",
                config(() -> StoreConfig.fromUri(
                        "hdfs://u%3A" + PASSWORD + "%40127.0.0.1:1/models?conf=ipc.client.connect.max.retries=0")));
        routes.put(
                "modelstore.hdfs.filesystem",
                config(() -> StoreConfig.fromMap(Map.of(
                        "modelstore.storage",
                        "hdfs",
                        "modelstore.hdfs.filesystem",
                        hdfsWithPassword,
                        "modelstore.hdfs.root",
                        "/models",
                        "modelstore.hdfs.conf",
                        "ipc.client.connect.max.retries=0"))));
        routes.put(
                "HdfsStorage.open",
                storage(() -> HdfsStorage.open(URI.create(hdfsWithPassword), "/models", new Configuration(), false)));

        SoftAssertions softly = new SoftAssertions();
        routes.forEach((name, route) -> {
            AtomicReference<String> shown = new AtomicReference<>("");
            Throwable refused = catchThrowable(() -> shown.set(route.open()));
            softly.assertThat(shown.get() + (refused == null ? "" : refused.getMessage()))
                    .as(name + ": what is shown")
                    .doesNotContain(PASSWORD);
            softly.assertThat(refused).as(name + ": refused").isInstanceOf(ModelStoreException.class);
            if (refused instanceof ModelStoreException) {
                softly.assertThat(refused.getMessage())
                        .as(name)
                        .containsAnyOf(masked(ports[0]), masked(ports[1]), masked(1))
                        .contains("credentials");
            }
        });
        softly.assertAll();
    }

    @Test
    void theSdksOwnEndpointPropertyIsRefusedToo() {
        String bucket = s3.newBucket();
        System.setProperty("aws.endpointUrlS3", s3WithPassword());
        try {
            AtomicReference<String> shown = new AtomicReference<>("");
            Throwable refused = catchThrowable(
                    () -> shown.set(config(() -> StoreConfig.fromUri("s3://" + bucket + "?region=us-east-1"))
                            .open()));
            assertThat(shown.get()).doesNotContain(PASSWORD);
            assertThat(refused)
                    .isInstanceOf(ModelStoreException.class)
                    .hasMessageStartingWith(
                            "The AWS S3 endpoint (from the system property aws.endpointUrlS3) is 'http://"
                                    + masked(s3.port()) + "', which holds credentials")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID")
                    .hasMessageNotContaining(PASSWORD);
        } finally {
            System.clearProperty("aws.endpointUrlS3");
        }
    }

    @Test
    void theRefusalSaysWhereTheEndpointCameFromAndWhereCredentialsGo() {
        Throwable fromVariable = catchThrowable(() -> StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "aws-s3",
                "MODEL_STORE_AWS_BUCKET",
                "b",
                "AWS_ENDPOINT_URL_S3",
                "http://u:" + PASSWORD + "@127.0.0.1:9000")));
        assertThat(fromVariable)
                .isInstanceOf(ModelStoreException.class)
                .hasMessageStartingWith("The aws-s3 setting "
                        + "'endpoint' (from AWS_ENDPOINT_URL_S3) is 'http://****@127.0.0.1:9000', which holds credentials (user "
                        + "info before '@'): an endpoint never carries them")
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
        Throwable minio = catchThrowable(() -> StoreConfig.fromMap(Map.of(
                "modelstore.storage",
                "minio",
                "modelstore.minio.bucket",
                "b",
                "modelstore.minio.endpoint",
                "u:" + PASSWORD + "@127.0.0.1:9000",
                "modelstore.minio.access-key",
                "a",
                "modelstore.minio.secret-key",
                "s")));
        assertThat(minio)
                .hasMessageStartingWith("The minio setting 'endpoint' (from modelstore.minio.endpoint) is "
                        + "'****@127.0.0.1:9000', which holds credentials")
                .hasMessageEndingWith("give the credentials through the "
                        + "storage's secret settings: access-key (MINIO_ACCESS_KEY), secret-key (MINIO_SECRET_KEY).");
        Throwable fromUri = catchThrowable(
                () -> StoreConfig.fromUri("s3://b?endpoint=" + encoded("http://u:" + PASSWORD + "@127.0.0.1:9000")));
        assertThat(fromUri)
                .hasMessageStartingWith("The aws-s3 setting 'endpoint' (from the URI s3://b?****) is "
                        + "'http://****@127.0.0.1:9000'");
        // An undeclared setting whose value is a URL, as of a backend of one's own: refused all the same.
        Throwable code = catchThrowable(
                () -> StoreConfig.of("filesystem", Map.of("root", "http://u:" + PASSWORD + "@127.0.0.1:9000/x"), ""));
        assertThat(code)
                .hasMessageStartingWith(
                        "The filesystem setting 'root' (from the code) is 'http://****@127.0.0.1:9000/x'");
        // Without credentials, nothing changes.
        assertThat(StoreConfig.fromUri("s3://b?endpoint=" + encoded("http://127.0.0.1:9000"))
                        .describedSettings())
                .containsEntry("endpoint", "http://127.0.0.1:9000");
    }

    @Test
    void doctorRefusesItAsTextAndAsJson() {
        String bucket = s3.newBucket();
        for (String store : List.of(
                "s3://" + bucket + "?region=us-east-1&endpoint=" + encoded(s3WithPassword()),
                "s3://" + bucket + "?region=us-east-1&endpoint=" + s3WithPassword(),
                "minio://u%3A" + PASSWORD + "%40127.0.0.1:" + s3.port() + "/" + bucket + "?secure=false",
                "gs://" + bucket + "?project=p&host=" + encoded("http://u:" + PASSWORD + "@127.0.0.1:" + s3.port()))) {
            for (List<String> doctor : List.of(List.of("doctor"), List.of("doctor", "--json"))) {
                List<String> args = new ArrayList<>(List.of("--store", store));
                args.addAll(doctor);
                CliSecretsTest.Result result = CliSecretsTest.run(args.toArray(String[]::new));
                assertThat(result.out() + result.err())
                        .as(String.valueOf(args))
                        .doesNotContain(PASSWORD)
                        .contains(masked(s3.port()))
                        .contains("credentials");
                assertThat(result.exit()).as(String.valueOf(args)).isEqualTo(ModelStoreCli.USAGE);
            }
        }
    }

    /** The environment can only be given to another process: {@code modelstore doctor} as a user runs it. */
    @Test
    void doctorRefusesAnEndpointWithCredentialsFromTheEnvironment() throws Exception {
        String bucket = s3.newBucket();
        Map<String, String> keys = Map.of(
                "AWS_ACCESS_KEY_ID",
                S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                S3ProxyServer.SECRET_KEY,
                "AWS_REGION",
                "us-east-1");
        List<Map<String, String>> environments = List.of(
                with(
                        keys,
                        "MODEL_STORE_STORAGE",
                        "aws-s3",
                        "MODEL_STORE_AWS_BUCKET",
                        bucket,
                        "AWS_ENDPOINT_URL_S3",
                        s3WithPassword()),
                // Only the SDK reads it here: the store comes from --store.
                with(keys, "AWS_ENDPOINT_URL_S3", s3WithPassword()),
                with(
                        Map.of(
                                "MINIO_ACCESS_KEY",
                                S3ProxyServer.ACCESS_KEY,
                                "MINIO_SECRET_KEY",
                                S3ProxyServer.SECRET_KEY),
                        "MODEL_STORE_STORAGE",
                        "minio",
                        "MODEL_STORE_MINIO_BUCKET",
                        bucket,
                        "MODEL_STORE_MINIO_SECURE",
                        "false",
                        "MINIO_ENDPOINT",
                        "u:" + PASSWORD + "@127.0.0.1:" + s3.port()));
        for (Map<String, String> env : environments) {
            for (List<String> doctor : List.of(List.of("doctor"), List.of("doctor", "--json"))) {
                List<String> args = new ArrayList<>(
                        env.containsKey("MODEL_STORE_STORAGE") ? List.of() : List.of("--store", "s3://" + bucket));
                args.addAll(doctor);
                CliSecretsTest.Result result = runProcess(args, env);
                assertThat(result.out() + result.err())
                        .as(args + " with " + env.keySet())
                        .doesNotContain(PASSWORD)
                        .contains(masked(s3.port()))
                        .contains("credentials");
                // 2 when the configuration is refused, 1 when the SDK's own variable is, as the storage opens.
                assertThat(result.exit()).as(args + " with " + env.keySet()).isNotEqualTo(ModelStoreCli.OK);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> map = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static CliSecretsTest.Result runProcess(List<String> args, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ModelStoreCli.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("MODEL_STORE_")
                        || k.startsWith("AWS_")
                        || k.startsWith("MINIO_")
                        || k.startsWith("AZURE_"));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliSecretsTest.Result(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

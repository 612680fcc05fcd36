package io.modelstore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.azure.AzuriteServer;
import io.modelstore.hdfs.MiniHdfs;
import io.modelstore.spi.BlobInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same example program, unchanged, run as a process against the local file system, S3 (S3Proxy), Azure
 * (Azurite) and HDFS (a MiniDFSCluster), configured only by its environment or a properties file; the stores it
 * writes have one format.
 */
class ExamplesAcrossBackendsTest {

    @RegisterExtension
    static final S3ProxyServer s3 = new S3ProxyServer();

    @RegisterExtension
    static final AzuriteServer azure = new AzuriteServer();

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @TempDir
    Path tmp;

    @Test
    void theSameProgramRunsOnEveryBackendAndWritesOneFormat() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("local-store"));
        String bucket = s3.newBucket();
        String container = azure.newContainer();

        List<String> local =
                run(Map.of("MODEL_STORE_STORAGE", "filesystem", "MODEL_STORE_ROOT_PREFIX", root.toString()));
        List<String> onS3 = run(Map.of(
                "MODEL_STORE_STORAGE",
                "aws-s3",
                "MODEL_STORE_AWS_BUCKET",
                bucket,
                "MODEL_STORE_REGION",
                "us-east-1",
                "MODEL_STORE_AWS_ROOT_PREFIX",
                "ml",
                "AWS_ENDPOINT_URL_S3",
                s3.endpoint().toString(),
                "AWS_ACCESS_KEY_ID",
                S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                S3ProxyServer.SECRET_KEY));
        List<String> onAzure = run(Map.of(
                "MODEL_STORE_STORAGE",
                "azure-container",
                "MODEL_STORE_AZURE_CONTAINER",
                container,
                "AZURE_STORAGE_CONNECTION_STRING",
                azure.connectionString()));
        String hdfsRoot = hdfs.newRoot();
        List<String> onHdfs = run(Map.of(
                "MODEL_STORE_STORAGE",
                "hdfs",
                "MODEL_STORE_HDFS_ROOT_PREFIX",
                hdfsRoot,
                "MODEL_STORE_HDFS_FILESYSTEM",
                hdfs.uri().toString(),
                "HADOOP_CONF_DIR",
                Files.createDirectories(tmp.resolve("empty-hadoop-conf")).toString()));

        for (List<String> output : List.of(local, onS3, onAzure, onHdfs)) {
            assertThat(output)
                    .anyMatch(l -> l.startsWith("published "))
                    .contains("models in fraud-detector: 1", "model.onnx matches what was published")
                    .anyMatch(l -> l.startsWith("serving ") && l.endsWith("(the one just published)"));
        }
        assertThat(onS3.get(0))
                .startsWith("storage: aws-s3 {bucket=" + bucket)
                .doesNotContain(S3ProxyServer.SECRET_KEY);
        assertThat(onAzure.get(0)).startsWith("storage: azure-container").doesNotContain(AzuriteServer.KEY);
        assertThat(onHdfs.get(0)).startsWith("storage: hdfs");

        try (ModelStore l = ModelStore.fromFileSystem(root);
                ModelStore s = ModelStore.fromStorage(s3.storage(bucket).build(), "ml");
                ModelStore a = ModelStore.open(StoreConfig.of(
                        "azure-container",
                        Map.of("container", container, "connection-string", azure.connectionString()),
                        ""));
                ModelStore h = ModelStore.fromHdfs(hdfs.uri() + hdfsRoot)) {
            Set<String> layout = layout(l, "");
            assertThat(layout(s, "ml/")).isEqualTo(layout);
            assertThat(layout(a, "")).isEqualTo(layout);
            assertThat(layout(h, "")).isEqualTo(layout);
            assertThat(fields(s, "ml/")).isEqualTo(fields(l, ""));
            assertThat(fields(a, "")).isEqualTo(fields(l, ""));
            assertThat(fields(h, "")).isEqualTo(fields(l, ""));
        }
    }

    @Test
    void aPropertiesFileChoosesTheStorageToo() throws Exception {
        String bucket = s3.newBucket();
        Path config = tmp.resolve("store.properties");
        Files.writeString(
                config, "modelstore.uri=s3://" + bucket + "/team?region=us-east-1&endpoint=" + s3.endpoint() + "\n");
        List<String> output = run(
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.SECRET_KEY),
                "-Dmodelstore.config=" + config);
        assertThat(output).contains("model.onnx matches what was published");
        try (ModelStore s = ModelStore.fromStorage(s3.storage(bucket).build(), "team")) {
            assertThat(s.listModels("fraud-detector", "production")).hasSize(1);
        }
    }

    @Test
    void theGuiceServiceGetsAnHdfsStoreFromItsUri() throws Exception {
        String root = hdfs.newRoot();
        String uri = hdfs.uri() + root;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            GuiceExample.main(new String[] {uri});
        } finally {
            System.setOut(out);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .contains("models in fraud-detector: 1")
                .contains("model.onnx matches what was published");
        assertThat(hdfs.admin()
                        .exists(new org.apache.hadoop.fs.Path(
                                root + "/operatorai-model-store/domains/fraud-detector.json")))
                .isTrue();
        try (ModelStore store = ModelStore.fromHdfs(uri)) {
            assertThat(store.listModels("fraud-detector", "production")).hasSize(1);
        }
    }

    /** Every key of the store with dates and ids replaced, so that two stores written alike compare equal. */
    private static Set<String> layout(ModelStore store, String prefix) {
        try (Stream<BlobInfo> all = store.storage().list(prefix)) {
            return all.map(b -> b.key()
                            .substring(prefix.length())
                            .replaceAll("\\d{4}\\.\\d{2}\\.\\d{2}-\\d{2}\\.\\d{2}\\.\\d{2}", "TIME")
                            .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The field paths of every JSON document of the store, outside "storage" (whose fields are the backend's). */
    private static Map<String, Set<String>> fields(ModelStore store, String prefix) throws IOException {
        Map<String, Set<String>> fields = new HashMap<>();
        List<String> keys;
        try (Stream<BlobInfo> all = store.storage().list(prefix)) {
            keys = all.map(BlobInfo::key).filter(k -> k.endsWith(".json")).collect(Collectors.toList());
        }
        for (String key : keys) {
            try (InputStream in = store.storage().read(key)) {
                JsonNode json = new ObjectMapper().readTree(in);
                Set<String> paths = new TreeSet<>();
                collect(json, "", paths);
                paths.removeIf(p -> p.startsWith("storage."));
                fields.put(key.substring(prefix.length()).replaceAll("[0-9a-f-]{36}", "ID"), paths);
            }
        }
        return fields;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            paths.add(prefix + f.getKey());
            if (f.getValue().isObject()) {
                collect(f.getValue(), prefix + f.getKey() + ".", paths);
            }
        }
    }

    /** Runs ModelServiceExample as its own process with this environment; returns its output lines. */
    private List<String> run(Map<String, String> env, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ModelServiceExample.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("MODEL_STORE_")
                        || k.startsWith("AWS_")
                        || k.startsWith("AZURE_")
                        || k.startsWith("MINIO_"));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("NO_GCE_CHECK", "true");
        builder.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        tmp.resolve("no-aws-credentials").toString());
        builder.environment()
                .put("AWS_CONFIG_FILE", tmp.resolve("no-aws-config").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(l -> !l.startsWith("[")).collect(Collectors.toList());
    }
}

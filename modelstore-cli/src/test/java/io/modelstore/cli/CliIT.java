package io.modelstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.azure.AzuriteServer;
import io.modelstore.gcp.GcsJsonApiServer;
import io.modelstore.hdfs.MiniHdfs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, run as a user runs it: on the default local store, S3Proxy, the GCS JSON API server, Azurite and a
 * MiniDFSCluster, with its exit codes and messages.
 */
class CliIT {

    @RegisterExtension
    static final S3ProxyServer s3 = new S3ProxyServer();

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @RegisterExtension
    static final GcsJsonApiServer gcs = new GcsJsonApiServer();

    @RegisterExtension
    static final AzuriteServer azure = new AzuriteServer();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    record Result(int exit, String out, String err) {}

    @Test
    void aModelsWholeLifeOnTheDefaultLocalStore() throws Exception {
        Files.writeString(work.resolve("model.onnx"), "weights");
        Files.writeString(work.resolve("thresholds.json"), "{\"fraud\": 0.8}");

        Result upload = cli(
                Map.of(),
                "upload",
                "fraud-detector",
                "model.onnx",
                "--extra",
                "thresholds.json",
                "--meta",
                "auc=0.93",
                "--meta",
                "owner=ml-team");
        assertThat(upload.exit()).as(upload.err()).isZero();
        String id = upload.out().trim();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(upload.err()).contains("Uploaded fraud-detector/" + id);
        assertThat(work.resolve("model-store/operatorai-model-store/domains/fraud-detector.json"))
                .exists();

        assertThat(cli(Map.of(), "domains").out().trim()).isEqualTo("fraud-detector");
        assertThat(json(cli(Map.of(), "models", "fraud-detector", "--json")))
                .isEqualTo(JSON.readTree("[\"" + id + "\"]"));

        JsonNode info = json(cli(Map.of(), "info", "fraud-detector", id, "--json"));
        assertThat(info.path("model").path("model_id").asText()).isEqualTo(id);
        assertThat(info.path("extra").path("auc").asDouble()).isEqualTo(0.93);
        assertThat(info.path("extra").path("owner").asText()).isEqualTo("ml-team");
        assertThat(cli(Map.of(), "info", "fraud-detector", id).out())
                .contains("model id: " + id)
                .contains("library:  model_file")
                .contains("extra:    {\"auc\":0.93,\"owner\":\"ml-team\"}");
        assertThat(cli(Map.of(), "info", "fraud-detector", id, "--json").out())
                .as("indented, as every --json")
                .startsWith("{\n  \"");

        Result download = cli(Map.of(), "download", "fraud-detector", "--to", "serving");
        assertThat(download.exit()).isZero();
        assertThat(download.out().trim()).isEqualTo(work.resolve("serving").toString());
        assertThat(work.resolve("serving/model.onnx")).hasContent("weights");
        assertThat(work.resolve("serving/extras/thresholds.json")).exists();
        assertThat(download.err()).as("no progress bar when not on a terminal").doesNotContain("\r");
        Files.writeString(work.resolve("serving/model.onnx"), "changed by hand");
        Result again = cli(Map.of(), "download", "fraud-detector", "--to", "serving");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err())
                .contains("'" + work.resolve("serving").toRealPath() + "/")
                .contains("' is already there")
                .contains("Nothing was changed.");
        assertThat(work.resolve("serving/model.onnx")).hasContent("changed by hand");
        assertThat(cli(Map.of(), "download", "fraud-detector", "--to", "serving", "--overwrite")
                        .exit())
                .isZero();
        assertThat(work.resolve("serving/model.onnx")).hasContent("weights");

        assertThat(cli(Map.of(), "states", "create", "production").exit()).isZero();
        assertThat(cli(Map.of(), "states", "set", "fraud-detector", id, "production")
                        .exit())
                .isZero();
        assertThat(json(cli(Map.of(), "states", "list", "--json"))).isEqualTo(JSON.readTree("[\"production\"]"));
        assertThat(cli(Map.of(), "models", "fraud-detector", "--state", "production")
                        .out()
                        .trim())
                .isEqualTo(id);
        assertThat(json(cli(Map.of(), "info", "fraud-detector", "--state", "production", "--json"))
                        .path("model")
                        .path("model_id")
                        .asText())
                .isEqualTo(id);
        Result fromState = cli(Map.of(), "download", "fraud-detector", "--state", "production", "--to", "from-state");
        assertThat(fromState.exit()).as(fromState.err()).isZero();
        assertThat(work.resolve("from-state/model.onnx")).hasContent("weights");
        assertThat(cli(Map.of(), "download", "fraud-detector", id, "--state", "production")
                        .exit())
                .isEqualTo(2);
        assertThat(cli(Map.of(), "states", "remove", "fraud-detector", id, "production")
                        .exit())
                .isZero();
        assertThat(cli(Map.of(), "models", "fraud-detector", "--state", "production")
                        .out())
                .isBlank();
        assertThat(cli(Map.of(), "info", "fraud-detector", "--state", "production")
                        .err())
                .contains("Domain 'fraud-detector' has no model in state 'production'.");

        Result unconfirmed = cli(Map.of(), "delete", "fraud-detector", id);
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("pass --yes to delete");
        assertThat(cli(Map.of(), "delete", "fraud-detector", id, "--yes").exit())
                .isZero();
        Result gone = cli(Map.of(), "info", "fraud-detector", id);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err().trim())
                .isEqualTo("modelstore: Model '" + id + "' in domain 'fraud-detector' was deleted. "
                        + "List the domain's models with: modelstore models fraud-detector");

        JsonNode doctor = json(cli(Map.of(), "doctor", "--json"));
        assertThat(doctor.path("backends").path("filesystem").asText()).isEqualTo("installed");
        assertThat(doctor.path("backends").path("aws-s3").asText()).isEqualTo("installed");
        assertThat(doctor.path("backends").path("azure-container").asText()).isEqualTo("installed");
        assertThat(doctor.path("backends").path("google-cloud-storage").asText())
                .isEqualTo("installed");
        assertThat(doctor.path("configuration").asText()).startsWith("filesystem {root=" + work.resolve("model-store"));
        assertThat(doctor.path("store").asText()).startsWith("answers: 0 domains in "); // its only model was deleted
    }

    @Test
    void anUploadUnderATerminalDrawsItsProgressAsThePartsGo() throws Exception {
        String bucket = s3.newBucket();
        byte[] weights = new byte[96 << 20]; // random: the archive is as large, 6 parts of 16 MiB
        new java.util.Random(96).nextBytes(weights);
        Files.write(work.resolve("model.bin"), weights);
        String store = "s3://" + bucket + "/ml?region=us-east-1&endpoint=" + s3.endpoint();
        // script(1) gives the CLI a pseudo-terminal, as a person's shell does; its output is the terminal's.
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-jar",
                System.getProperty("modelstore.cli.jar"),
                "--store",
                store,
                "upload",
                "d",
                "model.bin",
                "--model-id",
                "v1"));
        String line = command.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Result upload = run(
                List.of("script", "-q", "-e", "-c", line, "/dev/null"),
                Map.of(
                        "TERM",
                        "xterm",
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.SECRET_KEY));
        assertThat(upload.exit()).as(upload.out()).isZero();

        List<String> draws = Arrays.stream(upload.out().split("\r"))
                .filter(d -> d.matches("(?s)uploading +\\d+%.*"))
                .toList();
        List<String> percentages = draws.stream()
                .map(d -> d.replaceAll("(?s)uploading +(\\d+)%.*", "$1"))
                .distinct()
                .toList();
        assertThat(percentages)
                .as("several moments of the upload, not only its end: %s", draws)
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(percentages.get(percentages.size() - 1)).isEqualTo("100");
        // Whether archiving still runs when the first part is acknowledged depends on the machine's speed (on CI it
        // did not), so the line the two stages share is ProgressBarTest's to check, with a clock it controls.
        assertThat(upload.out()).contains("Uploaded d/v1");
    }

    @Test
    void infoShowsTheSignatureAJavaUploadRecorded() throws Exception {
        // An upload from a JVM with the library's loader (here the TCK's text loader) records what the model takes.
        Path model = Files.writeString(
                Files.createDirectories(work.resolve("src")).resolve("model.txt"), "features=4 weights");
        try (io.modelstore.ModelStore store =
                io.modelstore.ModelStore.fromFileSystem(work.resolve("model-store"), true)) {
            store.upload(io.modelstore.UploadRequest.builder("ranker")
                    .file(model)
                    .modelId("v1")
                    .library(io.modelstore.tck.TextModelLoader.LIBRARY)
                    .build());
        }
        Result info = cli(Map.of(), "info", "ranker", "v1");
        assertThat(info.exit()).as(info.err()).isZero();
        assertThat(info.out()).contains("inputs:   features: float32[-1, 4]\n");
        assertThat(json(cli(Map.of(), "info", "ranker", "v1", "--json"))
                        .path("model")
                        .path("signature")
                        .path("inputs")
                        .get(0)
                        .path("shape")
                        .toString())
                .isEqualTo("[-1,4]");
    }

    @Test
    void ctrlCDuringAnUploadEndsTheProgressLineSaysNothingWasStoredAndExits130() throws Exception {
        String bucket = s3.newBucket();
        byte[] weights = new byte[512 << 20]; // seconds of uploading left when the first progress is drawn, at 0.5 s
        new java.util.Random(192).nextBytes(weights);
        Files.write(work.resolve("model.bin"), weights);
        String store = "s3://" + bucket + "/ml?region=us-east-1&endpoint=" + s3.endpoint();
        String line = List.of(
                        java(),
                        "-jar",
                        System.getProperty("modelstore.cli.jar"),
                        "--store",
                        store,
                        "upload",
                        "d",
                        "model.bin",
                        "--model-id",
                        "v1")
                .stream()
                .map(a -> "'" + a + "'")
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", line, "/dev/null")
                .directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "TERM",
                        "xterm",
                        "AWS_EC2_METADATA_DISABLED",
                        "true",
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.SECRET_KEY));
        Process process = builder.start();
        @SuppressWarnings("JdkObsolete") // the reader thread appends while this one reads: its locking is wanted
        StringBuffer terminal = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (java.io.Reader in = new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buffer = new char[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    terminal.append(buffer, 0, n);
                }
            } catch (java.io.IOException e) {
                // the terminal closed
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!terminal.toString().matches("(?s).*uploading +\\d+%.*")) {
            assertThat(process.isAlive()).as(terminal.toString()).isTrue();
            assertThat(System.nanoTime())
                    .as("the upload's progress within 60 s")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        process.getOutputStream().write(3); // Ctrl-C, typed on the terminal: SIGINT to the CLI
        process.getOutputStream().flush();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);

        String out = terminal.toString();
        assertThat(process.exitValue()).as(out).isEqualTo(130);
        // The progress line is ended: the notice stands on a line of its own.
        assertThat(out)
                .containsPattern(
                        "uploading +\\d+%[^\\n]*(\\^C)?\\r?\\n(\\^C)?Interrupted: the upload to domain 'd' was "
                                + "stopped and no model was stored.");
        assertThat(out).doesNotContain("Uploaded d/v1").doesNotContain("modelstore: ");
        Result models = cli(
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.SECRET_KEY),
                "--store",
                store,
                "models",
                "d");
        assertThat(models.out()).doesNotContain("v1");
    }

    @Test
    void theSameCommandsOnS3() throws Exception {
        String bucket = s3.newBucket();
        theSameCommandsOn(
                "s3://" + bucket + "/ml?region=us-east-1&endpoint=" + s3.endpoint(),
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.SECRET_KEY),
                "aws-s3 {bucket=" + bucket,
                S3ProxyServer.SECRET_KEY);
    }

    /** Google Cloud Storage through its JSON API alone: the jar holds no gRPC transport. */
    @Test
    void theSameCommandsOnGoogleCloudStorage() throws Exception {
        String bucket = gcs.newBucket();
        theSameCommandsOn(
                "gs://" + bucket + "/ml?project=test-project&host=" + gcs.host(),
                Map.of(),
                "google-cloud-storage {bucket=" + bucket);
    }

    @Test
    void theSameCommandsOnAzure() throws Exception {
        String container = azure.newContainer();
        theSameCommandsOn(
                "az://" + container + "/ml",
                Map.of("AZURE_STORAGE_CONNECTION_STRING", azure.connectionString()),
                "azure-container {",
                AzuriteServer.KEY);
    }

    private void theSameCommandsOn(String store, Map<String, String> env, String configuration, String... secrets)
            throws Exception {
        Files.writeString(work.resolve("model.bin"), "on " + store);
        Result upload = cli(env, "--store", store, "upload", "d", "model.bin", "--model-id", "v1");
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.out().trim()).isEqualTo("v1");
        assertThat(cli(env, "--store", store, "models", "d").out().trim()).isEqualTo("v1");
        assertThat(cli(env, "--store", store, "download", "d", "v1", "--to", "out")
                        .exit())
                .isZero();
        assertThat(work.resolve("out/model.bin")).hasContent("on " + store);
        Result doctor = cli(env, "--store", store, "doctor");
        assertThat(doctor.exit()).as(doctor.err()).isZero();
        assertThat(doctor.out()).contains("Configuration: " + configuration).contains("Store: answers: 1 domain in ");
        for (String secret : secrets) {
            assertThat(doctor.out()).doesNotContain(secret);
        }
        assertThat(cli(env, "--store", store, "delete", "d", "v1", "--yes").exit())
                .isZero();
        assertThat(cli(env, "--store", store, "models", "d").out()).isBlank();
    }

    @Test
    void configurationAndUsageErrorsExitWithTwoAndOneMessage() throws Exception {
        Result unknown = cli(Map.of("MODEL_STORE_STORAGE", "s3"), "domains");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().trim())
                .isEqualTo("modelstore: MODEL_STORE_STORAGE is 's3', which is not a storage type. "
                        + "Set it to one of: filesystem, aws-s3, minio, google-cloud-storage, azure-container, hdfs.");
        assertThat(unknown.out()).isEmpty();

        Result missingVariable = cli(Map.of("MODEL_STORE_STORAGE", "aws-s3"), "domains");
        assertThat(missingVariable.exit()).isEqualTo(2);
        assertThat(missingVariable.err()).contains("MODEL_STORE_AWS_BUCKET is not set");

        Result badBucket = cli(Map.of(), "--store", "s3://s3://nope", "domains");
        assertThat(badBucket.exit()).isEqualTo(2);

        Result usage = cli(Map.of(), "upload");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameters");

        Result badName = cli(Map.of(), "models", "../etc");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).startsWith("modelstore: Invalid domain '../etc'");

        Result missingDomain = cli(Map.of(), "models", "nothing-here");
        assertThat(missingDomain.exit()).isEqualTo(1);
        assertThat(missingDomain.err())
                .contains("Domain 'nothing-here' does not exist")
                .doesNotContain("\tat ");
        Result verbose = cli(Map.of(), "--verbose", "models", "nothing-here");
        assertThat(verbose.err()).contains("\tat io.modelstore.ModelStore");
    }

    @Test
    void aMissingBackendModuleExitsWithTwoAndNamesTheDependency() throws Exception {
        // The CLI's own classes and its dependencies, minus modelstore-aws: as a build without that module.
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("modelstore-aws") && !entry.contains("modelstore-tck"))
                .collect(Collectors.joining(File.pathSeparator));
        Result result = run(
                List.of(
                        java(),
                        "-cp",
                        classpath,
                        ModelStoreCli.class.getName(),
                        "--store",
                        "s3://my-bucket?region=eu-central-1",
                        "domains"),
                Map.of());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("modelstore: Storage backend 'aws-s3' is not installed: add the module "
                        + "io.modelstore:modelstore-aws to your dependencies:")
                .contains("<artifactId>modelstore-aws</artifactId>")
                .contains("Installed backends: filesystem, google-cloud-storage, azure-container")
                .contains(
                        "For the command-line tool, put the module's jar and the jars it depends on on MODELSTORE_CLASSPATH");
    }

    @Test
    void theLauncherStartsFromAClassDataArchiveAndPrintsOnlyTheCommandsOutput() throws Exception {
        Path store = Files.createDirectories(work.resolve("cds-store"));
        Path model = Files.writeString(work.resolve("cds.bin"), "weights");
        String launcher = System.getProperty("modelstore.launcher");
        Result upload = run(
                List.of(
                        "bash",
                        launcher,
                        "--store",
                        store.toString(),
                        "upload",
                        "cds",
                        model.toString(),
                        "--model-id",
                        "m1"),
                Map.of());
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.out()).isEqualTo("m1\n");

        String jar = System.getProperty("modelstore.cli.jar");
        Path archive = Path.of(jar.substring(0, jar.length() - ".jar".length()) + ".jsa");
        assertThat(archive).as("the training run's archive").isNotEmptyFile();
        // -Xshare:on fails the JVM unless the archive maps and matches the jar.
        Result mapped = run(
                List.of(java(), "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", jar, "--version"), Map.of());
        assertThat(mapped.exit()).as(mapped.out() + mapped.err()).isZero();
        Result models = run(List.of("bash", launcher, "--store", store.toString(), "models", "cds"), Map.of());
        assertThat(models.out()).isEqualTo("m1\n");
        assertThat(models.err()).isEmpty();
    }

    @Test
    void aThirdPartyBackendOnModelstoreClasspathIsListedAndUsed() throws Exception {
        // The TCK's in-memory backend implements only id() and create(), and is in no catalog: as a user's own jar.
        List<String> doctor =
                List.of("bash", System.getProperty("modelstore.launcher"), "--store", "memory://cli/ml", "doctor");
        Map<String, String> env = Map.of("MODELSTORE_CLASSPATH", System.getProperty("modelstore.tck.jar"));
        Result found = run(doctor, env);
        assertThat(found.exit()).as(found.err()).isZero();
        assertThat(found.out())
                .containsPattern("memory\\s+installed")
                .contains("Configuration: memory {location=cli} below 'ml' (from URI memory://cli/ml)")
                .contains("Store: answers: 0 domains");

        Path model = Files.writeString(work.resolve("third-party.bin"), "weights");
        Result upload = run(
                List.of(
                        "bash",
                        System.getProperty("modelstore.launcher"),
                        "--store",
                        "memory://cli",
                        "upload",
                        "fraud",
                        model.toString()),
                env);
        assertThat(upload.exit()).as(upload.err()).isZero();

        Result without = run(doctor, Map.of());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.out()).doesNotContainPattern("memory\\s+installed");
        assertThat(without.out() + without.err()).contains("Unknown store URI scheme 'memory'");
    }

    @Test
    void hdfsIsNotInTheJarAndWorksWithItsJarsOnModelstoreClasspath() throws Exception {
        String launcher = System.getProperty("modelstore.launcher");
        String store = hdfs.uri() + hdfs.newRoot();
        Result missing = run(List.of("bash", launcher, "--store", store, "models", "fraud"), Map.of());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .startsWith("modelstore: Storage backend 'hdfs' is not installed")
                .contains("For the command-line tool, put the jars of modelstore-hdfs, hadoop-client-api and "
                        + "hadoop-client-runtime on MODELSTORE_CLASSPATH");
        assertThat(json(cli(Map.of(), "doctor", "--json"))
                        .path("backends")
                        .path("hdfs")
                        .asText())
                .isEqualTo("not installed");

        // The three jars a user downloads, as this test's classpath has them (the module may be its classes directory).
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> jars = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(e -> Path.of(e).getFileName().toString().startsWith("hadoop-client-api-")
                        || Path.of(e).getFileName().toString().startsWith("hadoop-client-runtime-")
                        || (e.contains("modelstore-hdfs") && !e.contains("test")))
                .collect(Collectors.toList());
        assertThat(jars).hasSize(3);
        Map<String, String> env = Map.of(
                "MODELSTORE_CLASSPATH",
                String.join(":", jars),
                "HADOOP_CONF_DIR",
                Files.createDirectories(work.resolve("empty-hadoop-conf")).toString(),
                "HADOOP_USER_NAME",
                "modelstore");
        Path model = Files.writeString(work.resolve("model.bin"), "on hdfs");
        Result upload = run(
                List.of("bash", launcher, "--store", store, "upload", "fraud", model.toString(), "--model-id", "h1"),
                env);
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(run(List.of("bash", launcher, "--store", store, "models", "fraud"), env)
                        .out())
                .isEqualTo("h1\n");
        Result download =
                run(List.of("bash", launcher, "--store", store, "download", "fraud", "h1", "--to", "back"), env);
        assertThat(download.exit()).as(download.err()).isZero();
        assertThat(work.resolve("back/model.bin")).hasContent("on hdfs");
        Result doctor = run(List.of("bash", launcher, "--store", store, "doctor"), env);
        assertThat(doctor.out()).containsPattern("hdfs\\s+installed").contains("Store: answers: 1 domain in ");
    }

    @Test
    void aNewUsersFirstCommands() throws Exception {
        Files.writeString(work.resolve("model.bin"), "weights");
        // ?create=true creates the store, given as a file URI or as a path.
        for (String store :
                List.of(work.toUri() + "from-uri?create=true", work.resolve("from-path") + "?create=true")) {
            Result upload = cli(Map.of(), "--store", store, "upload", "fraud", "model.bin", "--model-id", "m1");
            assertThat(upload.exit()).as(store + ": " + upload.err()).isZero();
        }
        assertThat(work.resolve("from-uri/operatorai-model-store/domains/fraud.json"))
                .exists();
        assertThat(work.resolve("from-path/operatorai-model-store/domains/fraud.json"))
                .exists();
        Result missing = cli(Map.of(), "--store", work.resolve("nowhere").toString(), "models", "fraud");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("or ?create=true after the store URI or path");

        // What to do is said as a command, not as a Java call.
        String store = work.resolve("from-path").toString();
        Result noState = cli(Map.of(), "--store", store, "states", "set", "fraud", "m1", "production");
        assertThat(noState.exit()).isEqualTo(1);
        assertThat(noState.err().trim())
                .isEqualTo("modelstore: State 'production' does not exist. No states exist yet. "
                        + "Create it first with: modelstore states create production");
        assertThat(cli(Map.of(), "--store", store, "states", "create", "production")
                        .exit())
                .isZero();
        Result emptyState = cli(Map.of(), "--store", store, "info", "fraud", "--state", "production");
        assertThat(emptyState.err())
                .contains("Put one in it with: modelstore states set fraud MODEL_ID production")
                .doesNotContain("setModelState(");

        // Python's form: download DOMAIN MODEL_ID PARENT_DIR extracts into PARENT_DIR/DOMAIN/MODEL_ID.
        Result python = cli(Map.of(), "--store", store, "download", "fraud", "m1", "./models/../models");
        assertThat(python.exit()).as(python.err()).isZero();
        assertThat(python.out().trim())
                .isEqualTo(work.resolve("models/fraud/m1").toString());
        assertThat(work.resolve("models/fraud/m1/model.bin")).hasContent("weights");
        Result again = cli(Map.of(), "--store", store, "download", "fraud", "m1", "models");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err())
                .contains("Nothing was changed. Download into an empty directory, or with --overwrite")
                .doesNotContain("DownloadOptions");
        assertThat(cli(Map.of(), "states", "set", "--help").out())
                .contains("Examples:")
                .contains("modelstore states set fraud-detector 3f2c... production");
        assertThat(cli(Map.of(), "--help").out()).contains("--store \"s3://my-models?region=eu-central-1\"");
        Result both = cli(Map.of(), "--store", store, "download", "fraud", "m1", "models", "--to", "elsewhere");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("Give PARENT_DIR or --to, not both");
    }

    @Test
    void theLauncherRunsThroughALinkOnThePathAndCompletesCommands() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.createSymbolicLink(
                bin.resolve("modelstore"),
                Path.of(System.getProperty("modelstore.launcher")).toAbsolutePath());
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Map<String, String> env = Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Result version = runIn(elsewhere, List.of("bash", "-c", "modelstore --version"), env);
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("modelstore ");

        Result script = runIn(
                elsewhere,
                List.of(
                        "bash",
                        "-c",
                        "source <(modelstore generate-completion) && "
                                + "COMP_WORDS=(modelstore st) && COMP_CWORD=1 && COMP_LINE='modelstore st' && COMP_POINT=13 && "
                                + "_complete_modelstore && echo \"${COMPREPLY[@]}\""),
                env);
        assertThat(script.exit()).as(script.err()).isZero();
        assertThat(script.out().trim()).isEqualTo("states");
    }

    @Test
    void checkReportsWhatACrashLeftAndRepairsItWhenAsked() throws Exception {
        Path model = Files.writeString(work.resolve("m.bin"), "m");
        Result upload = cli(Map.of(), "upload", "fraud", model.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        String id = upload.out().trim();
        // As a crash in the middle of a delete leaves it: the metadata is gone, its archive and the pointer are not.
        Files.delete(work.resolve("model-store/operatorai-model-store/fraud/versions/" + id + ".json"));

        // The archive is younger than the grace period: an upload may still be writing it. A pointer has no such age.
        Result young = cli(Map.of(), "check");
        assertThat(young.exit()).as(young.err()).isEqualTo(1);
        assertThat(young.out()).contains("STALE_POINTER").doesNotContain("ORPHAN_ARCHIVE");

        Result found = cli(Map.of(), "check", "--grace", "0");
        assertThat(found.exit()).isEqualTo(1);
        assertThat(found.out())
                .contains("ORPHAN_ARCHIVE")
                .contains("/" + id + "/artifacts.tar.gz")
                .contains("STALE_POINTER");
        assertThat(found.err()).contains("Run again with --repair to fix them.");

        JsonNode repaired = json(cli(Map.of(), "check", "--repair", "--grace", "0", "--json"));
        assertThat(repaired.path("healthy").asBoolean()).isTrue();
        assertThat(repaired.path("findings"))
                .allSatisfy(f -> assertThat(f.path("repaired").asBoolean()).isTrue());
        assertThat(cli(Map.of(), "check", "--grace", "0").exit()).isZero();
        assertThat(cli(Map.of(), "check", "--grace", "soon").exit()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpWithExamples() throws Exception {
        for (String command :
                List.of("upload", "download", "domains", "models", "info", "delete", "states", "doctor", "check")) {
            Result help = cli(Map.of(), command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out())
                    .as(command)
                    .contains("Usage: modelstore " + command)
                    .contains("Examples:");
        }
        assertThat(cli(Map.of(), "--help").out())
                .contains("upload")
                .contains("doctor")
                .contains("Examples:");
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode json(Result result) throws Exception {
        assertThat(result.exit()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }

    private Result cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", System.getProperty("modelstore.cli.jar")));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Result run(List<String> command, Map<String, String> env) throws Exception {
        return runIn(work, command, env);
    }

    private Result runIn(Path directory, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        environment
                .keySet()
                .removeIf(k -> k.startsWith("MODEL_STORE_") || k.startsWith("AWS_") || k.startsWith("AZURE_"));
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("NO_GCE_CHECK", "true");
        environment.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                work.resolve("no-aws-credentials").toString());
        environment.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        environment.putAll(new HashMap<>(env));
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

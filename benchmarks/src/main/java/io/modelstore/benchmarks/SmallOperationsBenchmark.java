package io.modelstore.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.ModelStore;
import io.modelstore.aws.S3ProxyServer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Many small uploads, then listing them, each in a fresh process: modelstore-java in a child JVM and, when it imports,
 * the real Python modelstore 0.0.81 ({@code benchmarks/python/small_operations.py}) on the same store kind, in the
 * same run. The first upload and the first listing of a fresh process are reported apart, since a CLI or a batch job
 * pays them on every run.
 */
final class SmallOperationsBenchmark {

    /** Where {@code setup.sh} makes Python modelstore importable; override with {@code -Dpython.modelstore=<src dir>}. */
    private static final String PYTHON_SOURCE =
            System.getProperty("python.modelstore", "../shared/peers/python-modelstore-0.0.81/src");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SmallOperationsBenchmark() {}

    static void run(Benchmarks.Servers servers, Path work) throws Exception {
        int local = Integer.getInteger("small.models", 300);
        int s3 = Integer.getInteger("small.s3.models", 200);
        boolean python = pythonAvailable();
        S3ProxyServer proxy = servers.s3();
        Map<String, String> s3Env = Map.of(
                "AWS_ENDPOINT_URL_S3",
                proxy.endpoint().toString(),
                "AWS_ACCESS_KEY_ID",
                S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                S3ProxyServer.SECRET_KEY,
                "MODEL_STORE_REGION",
                "us-east-1",
                "AWS_EC2_METADATA_DISABLED",
                "true");
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> ratios = new ArrayList<>();
        for (String store : List.of("local", "S3 (S3Proxy)")) {
            int models = store.equals("local") ? local : s3;
            JsonNode java = null;
            for (String runtime : python ? List.of("java", "python") : List.of("java")) {
                Path dir = Files.createDirectories(work.resolve("small-" + runtime + "-" + rows.size()));
                JsonNode result = store.equals("local")
                        ? measure(runtime, dir.resolve("store").toUri().toString(), models, dir, Map.of())
                        : measure(runtime, "s3://" + proxy.newBucket(), models, dir, s3Env);
                rows.add(row(store, runtime, models, result));
                if (java == null) {
                    java = result;
                } else {
                    ratios.add(ratio(store, models, java, result));
                }
            }
        }
        rows.addAll(ratios);
        Benchmarks.table(
                "Small operations, each series in a fresh process",
                List.of(
                        "store",
                        "runtime",
                        "models",
                        "start-up",
                        "first upload",
                        "all uploads",
                        "per upload",
                        "first listing",
                        "warm listing"),
                rows);
        if (!python) {
            System.out.println();
            System.out.println(
                    "Python modelstore is not importable from " + PYTHON_SOURCE + ", so it was not measured beside. "
                            + "Run ../shared/peers/python-modelstore-0.0.81/setup.sh (or give -Dpython.modelstore=<its src dir>).");
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process p =
                    python("-c", "import modelstore").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static ProcessBuilder python(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .put("PYTHONPATH", Path.of(PYTHON_SOURCE).toAbsolutePath().toString());
        builder.environment().put("PYTHONWARNINGS", "ignore");
        return builder;
    }

    private static JsonNode measure(String runtime, String store, int models, Path dir, Map<String, String> env)
            throws Exception {
        ProcessBuilder builder;
        long started = System.nanoTime();
        if (runtime.equals("python")) {
            Path script = Path.of("benchmarks/python/small_operations.py").toAbsolutePath();
            builder = python(script.toString(), store, String.valueOf(models), dir.toString());
        } else {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = classpath();
            builder = new ProcessBuilder(
                    java,
                    "-cp",
                    classpath,
                    Benchmarks.class.getName(),
                    "small-child",
                    store,
                    String.valueOf(models),
                    dir.toString());
        }
        builder.environment().putAll(env);
        // Not in a git work tree: Python modelstore records the git commit of its working directory on every upload.
        builder.directory(dir.toFile());
        Process child = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), Charset.defaultCharset())
                .trim(); // as the child writes
        if (child.waitFor() != 0) {
            throw new IllegalStateException(runtime + " small operations on " + store + " failed: " + out);
        }
        JsonNode result = JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) result).put("process_s", (System.nanoTime() - started) / 1e9);
        return result;
    }

    // Absolute, since the child runs in another directory; the harness jar, or (under a test runner) the test class
    // path.
    private static String classpath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The columns of a result, in seconds: start-up, first upload, all uploads, per upload, first and warm listing. */
    private static double[] figures(JsonNode r, int models) {
        double uploads = r.get("uploads_s").asDouble();
        return new double[] {
            r.get("import_s").asDouble() + r.get("open_s").asDouble(),
            r.get("first_upload_s").asDouble(),
            uploads,
            uploads / models,
            r.get("first_list_s").asDouble(),
            r.get("warm_list_s").asDouble()
        };
    }

    private static List<String> row(String store, String runtime, int models, JsonNode r) {
        double[] f = figures(r, models);
        return List.of(
                store,
                runtime.equals("java") ? "modelstore-java" : r.get("runtime").asText(),
                String.valueOf(models),
                ms(f[0]),
                ms(f[1]),
                String.format(Locale.ROOT, "%.2f s", f[2]),
                ms(f[3]),
                ms(f[4]),
                ms(f[5]));
    }

    /** Python's time over Java's, column by column: above 1 means Java is faster. */
    private static List<String> ratio(String store, int models, JsonNode java, JsonNode python) {
        double[] j = figures(java, models);
        double[] p = figures(python, models);
        List<String> row = new ArrayList<>(List.of(store, "Python's time / Java's", String.valueOf(models)));
        for (int c = 0; c < j.length; c++) {
            row.add(String.format(Locale.ROOT, "%.2fx", p[c] / j[c]));
        }
        return row;
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
    }

    /** Runs in the child JVM: the same series as small_operations.py; prints one JSON line. */
    static void child(String uri, int models, Path work) throws Exception {
        long t = System.nanoTime();
        Path model = work.resolve("model.bin");
        byte[] bytes = new byte[1024];
        new Random(models).nextBytes(bytes);
        Files.write(model, bytes);
        // The S3 endpoint and region come from the same variables as Python's (a URI reads only secrets from them).
        String storeUri = uri.startsWith("file:")
                ? uri + "?create=true"
                : uri + "?region=" + System.getenv("MODEL_STORE_REGION") + "&endpoint="
                        + System.getenv("AWS_ENDPOINT_URL_S3");
        try (ModelStore store = ModelStore.open(storeUri)) {
            double opened = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            store.upload("small", model);
            double first = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            for (int i = 1; i < models; i++) {
                store.upload("small", model);
            }
            double rest = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            int listed = store.listModels("small").size();
            double firstList = (System.nanoTime() - t) / 1e9;
            if (listed != models) {
                throw new IllegalStateException("listed " + listed + " of " + models);
            }
            double[] warm = new double[5];
            for (int i = 0; i < warm.length; i++) {
                t = System.nanoTime();
                store.listModels("small");
                warm[i] = (System.nanoTime() - t) / 1e9;
            }
            java.util.Arrays.sort(warm);
            System.out.println(String.format(
                    Locale.ROOT,
                    "{\"runtime\": \"modelstore-java %s\", \"import_s\": 0, "
                            + "\"open_s\": %f, \"first_upload_s\": %f, \"uploads_s\": %f, \"first_list_s\": %f, \"warm_list_s\": %f, "
                            + "\"listed\": %d}",
                    ModelStore.version(),
                    opened,
                    first,
                    first + rest,
                    firstList,
                    warm[2],
                    listed));
        }
    }
}

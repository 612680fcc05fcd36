package io.modelstore.benchmarks;

import io.modelstore.ModelStore;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.aws.S3Storage;
import io.modelstore.gcp.GcsStorage;
import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.CountingStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Listing a domain of 1,000 and 10,000 models ({@code listModels}, by state, {@code listDomains}): time and the
 * number of storage requests, to show how both grow. The models are written straight into storage in Python's
 * layout, one second apart, a tenth of them in the production state, with one domain per ten models.
 */
final class ListingBenchmark {

    private static final DateTimeFormatter ARCHIVE_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss");

    private ListingBenchmark() {}

    static void run(Benchmarks.Servers servers, Path work) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        int[] sizes = Arrays.stream(
                        System.getProperty("listing.models", "1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        for (int models : sizes) {
            rows.addAll(measure(
                    "local", () -> new FileSystemStorage(work.resolve("listing-" + models), true), models, null));
            S3ProxyServer s3 = servers.s3();
            rows.addAll(measure(
                    "S3 (S3Proxy)",
                    () -> S3Storage.builder()
                            .bucket(s3.newBucket())
                            .region("us-east-1")
                            .endpointOverride(s3.endpoint())
                            .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                            .build(),
                    models,
                    null));
            rows.addAll(measure(
                    "GCS (JSON API server, 100 a page)",
                    () -> GcsStorage.builder()
                            .project("bench")
                            .bucket(servers.gcs().newBucket())
                            .host(servers.gcs().host())
                            .build(),
                    models,
                    servers.gcs()));
            rows.addAll(measure(
                    "HDFS (MiniDFSCluster)",
                    () -> new io.modelstore.hdfs.HdfsStorageProvider()
                            .create(Map.of(
                                    "filesystem",
                                    servers.hdfs().uri().toString(),
                                    "root",
                                    servers.hdfs().newRoot())),
                    models,
                    null));
        }
        Benchmarks.table(
                "Listing: time and storage requests as the domain grows",
                List.of(
                        "backend",
                        "models",
                        "operation",
                        "time",
                        "list calls",
                        "metadata reads",
                        "stats",
                        "keys listed",
                        "HTTP pages"),
                rows);
    }

    private static List<List<String>> measure(
            String backend, Supplier<Storage> open, int models, io.modelstore.gcp.GcsJsonApiServer pages)
            throws Exception {
        CountingStorage storage = new CountingStorage(open.get());
        populate(storage, models);
        List<List<String>> rows = new ArrayList<>();
        try (ModelStore store = ModelStore.fromStorage(storage)) {
            rows.add(op(
                    backend,
                    models,
                    "listModels",
                    storage,
                    pages,
                    () -> store.listModels("bench").size(),
                    models));
            rows.add(op(
                    backend,
                    models,
                    "listModels(production)",
                    storage,
                    pages,
                    () -> store.listModels("bench", "production").size(),
                    models / 10));
            rows.add(op(
                    backend,
                    models,
                    "listDomains (" + models / 10 + " domains)",
                    storage,
                    pages,
                    () -> store.listDomains().size(),
                    models / 10 + 1));
        }
        return rows;
    }

    private static List<String> op(
            String backend,
            int models,
            String name,
            CountingStorage storage,
            io.modelstore.gcp.GcsJsonApiServer pages,
            Supplier<Integer> call,
            int expected) {
        int warm = call.get(); // warm the client and the JIT
        if (warm != expected) {
            throw new IllegalStateException(name + " found " + warm + " when warming, expected " + expected);
        }
        storage.reset();
        int pagesBefore = pages == null ? 0 : pages.listRequests();
        long start = System.nanoTime();
        int found = call.get();
        long nanos = System.nanoTime() - start;
        if (found != expected) {
            throw new IllegalStateException(name + " found " + found + ", expected " + expected);
        }
        return List.of(
                backend,
                String.valueOf(models),
                name,
                String.format(Locale.ROOT, "%.0f ms", nanos / 1e6),
                String.valueOf(storage.lists.get()),
                String.valueOf(storage.reads.get()),
                String.valueOf(storage.stats.get()),
                String.valueOf(storage.listed.get()),
                pages == null ? "" : String.valueOf(pages.listRequests() - pagesBefore));
    }

    /** Python's layout for {@code models} models of domain "bench", a tenth in production, a domain per ten models. */
    static void populate(Storage storage, int models) throws Exception {
        String base = "operatorai-model-store/";
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> writes = new ArrayList<>();
            storage.write(
                    base + "model_states/production.json",
                    "{\"created\": \"2025/01/01/00:00:00\", \"state_name\": \"production\"}"
                            .getBytes(StandardCharsets.UTF_8),
                    WriteCondition.always());
            for (int i = 0; i < models; i++) {
                int n = i;
                writes.add(pool.submit(() -> {
                    String id = String.format(Locale.ROOT, "m%06d", n);
                    String time = ARCHIVE_TIME.format(start.plusSeconds(n).atZone(ZoneOffset.UTC));
                    byte[] meta = ("{\"model\": {\"domain\": \"bench\", \"model_id\": \"" + id + "\", \"model_type\": "
                                    + "{\"library\": \"model_file\"}, \"parameters\": {}}, \"storage\": {\"type\": \"file_system\", "
                                    + "\"root\": \"/x\", \"path\": \"/x/" + base + "bench/" + time + "/" + id
                                    + "/artifacts.tar.gz\"}, "
                                    + "\"modelstore\": \"0.0.81\", \"code\": {\"runtime\": \"python:3.11.2\", \"created\": \""
                                    + time.replace('.', '/').replace('-', '/') + "\"}}")
                            .getBytes(StandardCharsets.UTF_8);
                    storage.write(
                            base + "bench/" + time + "/" + id + "/artifacts.tar.gz",
                            new byte[] {1},
                            WriteCondition.always());
                    storage.write(base + "bench/versions/" + id + ".json", meta, WriteCondition.always());
                    if (n % 10 == 0) {
                        storage.write(
                                base + "bench/versions/production/" + id + ".json", meta, WriteCondition.always());
                        storage.write(
                                base + "domains/" + (n == 0 ? "bench" : "other-" + n) + ".json",
                                meta,
                                WriteCondition.always());
                    }
                    return null;
                }));
            }
            storage.write(base + "domains/zz-last.json", new byte[] {'{', '}'}, WriteCondition.always());
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.modelstore.benchmarks;

import io.modelstore.ModelStore;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.aws.S3Storage;
import io.modelstore.azure.AzureBlobStorage;
import io.modelstore.gcp.GcsStorage;
import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** Eight writers uploading fifty models each to one domain: versions lost (target 0) and uploads per second. */
final class WritersBenchmark {

    private WritersBenchmark() {}

    static void run(Benchmarks.Servers servers, Path work) throws Exception {
        int writers = Integer.getInteger("writers", 8);
        int each = Integer.getInteger("writers.models", 50);
        Path model = Benchmarks.model(work.resolve("small-model.bin"), 1, false);
        S3ProxyServer s3 = servers.s3();
        List<List<String>> rows = new ArrayList<>();
        rows.add(measure(
                "local", () -> new FileSystemStorage(work.resolve("writers-store"), true), writers, each, model));
        rows.add(measure(
                "S3 (S3Proxy)",
                () -> S3Storage.builder()
                        .bucket(s3.newBucket())
                        .region("us-east-1")
                        .endpointOverride(s3.endpoint())
                        .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                        .build(),
                writers,
                each,
                model));
        rows.add(measure(
                "Azure (Azurite)",
                () -> AzureBlobStorage.builder()
                        .container(servers.azure().newContainer())
                        .connectionString(servers.azure().connectionString())
                        .build(),
                writers,
                each,
                model));
        rows.add(measure(
                "GCS (JSON API server)",
                () -> GcsStorage.builder()
                        .project("bench")
                        .bucket(servers.gcs().newBucket())
                        .host(servers.gcs().host())
                        .build(),
                writers,
                each,
                model));
        Files.delete(model);
        Benchmarks.table(
                writers + " writers uploading " + each + " models (1 MiB) each to one domain",
                List.of("backend", "uploads", "listed", "versions lost", "latest is the newest", "uploads/s"),
                rows);
    }

    private static List<String> measure(String backend, Supplier<Storage> open, int writers, int each, Path model)
            throws Exception {
        try (ModelStore store = ModelStore.fromStorage(open.get())) {
            Set<String> uploaded = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        uploaded.add(store.upload("busy", model).modelId());
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            long nanos = System.nanoTime() - t0;
            pool.shutdown();
            List<String> listed = store.listModels("busy");
            int lost =
                    (int) uploaded.stream().filter(id -> !listed.contains(id)).count();
            boolean latest = store.getDomain("busy").modelId().equals(listed.get(0));
            return List.of(
                    backend,
                    String.valueOf(uploaded.size()),
                    String.valueOf(listed.size()),
                    String.valueOf(lost),
                    latest ? "yes" : "no",
                    String.format(Locale.ROOT, "%.1f", uploaded.size() / Benchmarks.seconds(nanos)));
        }
    }
}

package io.modelstore.benchmarks;

import io.modelstore.DownloadOptions;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.ProgressListener;
import io.modelstore.UploadRequest;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.aws.S3Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What progress costs: the same upload and download with no listener and with one that counts its events, in
 * alternating rounds (so that a warming disk or JIT favours neither), on the local file system (one write per
 * buffer) and on S3Proxy (parts sent by threads of their own). Reports the median of each.
 */
final class ProgressBenchmark {

    private static final int ROUNDS = Integer.getInteger("progress.rounds", 9);

    private ProgressBenchmark() {}

    static void run(Path work) throws Exception {
        long mib = Long.getLong("size.mib", 256);
        Path model =
                Benchmarks.model(Files.createDirectories(work.resolve("model")).resolve("model.bin"), mib, false);
        List<List<String>> rows = new ArrayList<>();
        rows.add(measure("local", () -> ModelStore.fromFileSystem(work.resolve("store"), true), model, work));
        S3ProxyServer s3 = new S3ProxyServer();
        s3.beforeAll(null);
        try {
            String bucket = s3.newBucket();
            rows.add(measure(
                    "S3 (S3Proxy)",
                    () -> ModelStore.fromStorage(S3Storage.builder()
                            .bucket(bucket)
                            .region("us-east-1")
                            .endpointOverride(s3.endpoint())
                            .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                            .build()),
                    model,
                    work));
        } finally {
            s3.afterAll(null);
        }
        Benchmarks.table(
                "Progress: a " + mib + " MiB incompressible model, median of " + ROUNDS + " rounds each",
                List.of(
                        "backend",
                        "upload, no listener",
                        "upload, counting",
                        "download, no listener",
                        "download, counting",
                        "events per upload + download"),
                rows);
    }

    private static List<String> measure(String backend, Supplier<ModelStore> open, Path model, Path work)
            throws Exception {
        long bytes = Files.size(model);
        long[][] none = new long[2][ROUNDS];
        long[][] counting = new long[2][ROUNDS];
        AtomicLong events = new AtomicLong();
        try (ModelStore store = open.get()) {
            roundTrip(store, model, work, ProgressListener.NONE); // untimed: warm code and server
            for (int round = 0; round < ROUNDS; round++) {
                long[] a = roundTrip(store, model, work, ProgressListener.NONE);
                events.set(0);
                long[] b = roundTrip(store, model, work, (stage, done, total) -> events.incrementAndGet());
                for (int i = 0; i < 2; i++) {
                    none[i][round] = a[i];
                    counting[i][round] = b[i];
                }
            }
        }
        return List.of(
                backend,
                Benchmarks.mibPerSecond(bytes, median(none[0])),
                Benchmarks.mibPerSecond(bytes, median(counting[0])),
                Benchmarks.mibPerSecond(bytes, median(none[1])),
                Benchmarks.mibPerSecond(bytes, median(counting[1])),
                String.valueOf(events.get()));
    }

    /** {upload, download} nanoseconds. */
    private static long[] roundTrip(ModelStore store, Path model, Path work, ProgressListener listener)
            throws Exception {
        ModelMetadata[] meta = new ModelMetadata[1];
        long up = TransferBenchmark.time(() -> meta[0] = store.upload(
                UploadRequest.builder("bench").file(model).progress(listener).build()));
        Path target = work.resolve("download");
        long down = TransferBenchmark.time(() -> store.download(
                target, "bench", meta[0].modelId(), DownloadOptions.defaults().withProgress(listener)));
        Benchmarks.deleteTree(target);
        store.deleteModel("bench", meta[0].modelId());
        return new long[] {up, down};
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

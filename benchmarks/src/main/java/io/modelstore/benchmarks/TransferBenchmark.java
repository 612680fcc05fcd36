package io.modelstore.benchmarks;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.aws.S3Storage;
import io.modelstore.azure.AzureBlobStorage;
import io.modelstore.gcp.GcsStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Upload then download of one model through {@link ModelStore}, against the same bytes put and got with the raw
 * SDK on the same server, and against {@code cp} and {@code tar | gzip -1} plus {@code cp} on the local disk.
 */
final class TransferBenchmark {

    private TransferBenchmark() {}

    interface Timed {
        void run() throws Exception;
    }

    static long time(Timed body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return System.nanoTime() - start;
    }

    static void run(Benchmarks.Servers servers, Path work) throws Exception {
        long mib = Long.getLong("size.mib", 1024);
        // One untimed round at a small size first, so that neither side is measured with cold code or cold servers.
        Path warm = Benchmarks.model(
                Files.createDirectories(work.resolve("warm-up")).resolve("model.bin"), Math.min(mib, 16), false);
        local(work, warm, Files.size(warm), "warm-up");
        s3(servers.s3(), work, warm, Files.size(warm), "warm-up");
        azure(servers, work, warm, Files.size(warm), "warm-up");
        gcs(servers, work, warm, Files.size(warm), "warm-up");
        hdfs(servers, work, warm, Files.size(warm), "warm-up");
        Files.delete(warm);
        List<List<String>> rows = new ArrayList<>();
        for (boolean compressible : new boolean[] {false, true}) {
            String kind = compressible ? "compressible" : "incompressible";
            Path model = Benchmarks.model(work.resolve("model.bin"), mib, compressible);
            long bytes = Files.size(model);
            rows.addAll(local(work, model, bytes, kind));
            rows.add(s3(servers.s3(), work, model, bytes, kind));
            if (!compressible) {
                rows.add(s3WithoutArchive(servers.s3(), model, bytes));
            }
            rows.add(azure(servers, work, model, bytes, kind));
            rows.add(gcs(servers, work, model, bytes, kind));
            rows.add(hdfs(servers, work, model, bytes, kind));
            Files.delete(model);
        }
        Benchmarks.table(
                "Upload then download of a " + mib + " MiB model (" + (mib >= 1024 ? mib / 1024 + " GiB" : mib + " MiB")
                        + "), ModelStore against the raw SDK on the same server",
                List.of(
                        "backend",
                        "data",
                        "ModelStore upload",
                        "raw upload",
                        "ratio",
                        "ModelStore download",
                        "raw download",
                        "ratio"),
                rows);
    }

    private static List<String> row(String backend, String kind, long bytes, long[] ours, long rawUp, long rawDown) {
        long up = ours[0];
        long down = ours[1];
        return List.of(
                backend,
                kind,
                Benchmarks.mibPerSecond(bytes, up) + " (" + Math.round(100.0 * ours[2] / up) + "% archiving)",
                Benchmarks.mibPerSecond(bytes, rawUp),
                Benchmarks.ratio((double) rawUp / up),
                Benchmarks.mibPerSecond(bytes, down),
                Benchmarks.mibPerSecond(bytes, rawDown),
                Benchmarks.ratio((double) rawDown / down));
    }

    /** The round trip through ModelStore; returns {upload, download, archiving} nanoseconds. */
    private static long[] roundTrip(ModelStore store, Path model, Path work) throws Exception {
        ModelMetadata[] meta = new ModelMetadata[1];
        long start = System.nanoTime();
        long[] archived = new long[1];
        long up = time(() -> meta[0] = store.upload(io.modelstore.UploadRequest.builder("bench")
                .file(model)
                .progress((stage, done, total) -> {
                    if (stage.equals("uploading") && done == 0) {
                        archived[0] = System.nanoTime() - start;
                    }
                })
                .build()));
        Path target = work.resolve("download");
        long down = time(() -> store.download(target, "bench", meta[0].modelId()));
        if (Files.mismatch(model, target.resolve(model.getFileName().toString())) != -1) {
            throw new IllegalStateException("the downloaded model differs from the uploaded one");
        }
        Benchmarks.deleteTree(target);
        store.deleteModel("bench", meta[0].modelId());
        return new long[] {up, down, archived[0]};
    }

    private static List<List<String>> local(Path work, Path model, long bytes, String kind) throws Exception {
        Path root = work.resolve("local-store");
        long[] ours;
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            ours = roundTrip(store, model, work);
        }
        Path copy = work.resolve("cp-copy.bin");
        long cpUp = time(() -> Files.copy(model, copy));
        Path back = work.resolve("cp-back.bin");
        long cpDown = time(() -> Files.copy(copy, back));
        Files.delete(copy);
        Files.delete(back);
        // What a shell would do: tar | gzip -1 to a file and cp it into place; cp back, then gunzip | tar x.
        String dir = model.getParent().toString();
        long tarUp = time(() -> shell("tar cf - -C '" + dir + "' model.bin | gzip -1 > '" + work + "/t.tgz' && cp '"
                + work + "/t.tgz' '" + work + "/stored.tgz'"));
        Files.createDirectories(work.resolve("untar"));
        long tarDown = time(() -> shell("cp '" + work + "/stored.tgz' '" + work + "/fetched.tgz' && gzip -dc '" + work
                + "/fetched.tgz' | tar xf - -C '" + work + "/untar'"));
        for (String f : List.of("t.tgz", "stored.tgz", "fetched.tgz")) {
            Files.delete(work.resolve(f));
        }
        Benchmarks.deleteTree(work.resolve("untar"));
        return List.of(
                row("local, against cp", kind, bytes, ours, cpUp, cpDown),
                row("local, against tar\\|gzip -1 + cp", kind, bytes, ours, tarUp, tarDown));
    }

    private static List<String> s3(S3ProxyServer server, Path work, Path model, long bytes, String kind)
            throws Exception {
        String bucket = server.newBucket();
        long[] ours;
        S3Storage.Builder builder = S3Storage.builder()
                .bucket(bucket)
                .region("us-east-1")
                .endpointOverride(server.endpoint())
                .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        if (Long.getLong("s3.part.mib") != null) {
            builder.partSize(Long.getLong("s3.part.mib") << 20);
        }
        if (Integer.getInteger("s3.parallelism") != null) {
            builder.parallelism(Integer.getInteger("s3.parallelism"));
        }
        try (ModelStore store = ModelStore.fromStorage(builder.build())) {
            ours = roundTrip(store, model, work);
        }
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build()) {
            long up = time(() -> s3.putObject(r -> r.bucket(bucket).key("raw"), RequestBody.fromFile(model)));
            Path back = work.resolve("raw-back.bin");
            long down = time(() -> s3.getObject(r -> r.bucket(bucket).key("raw"), ResponseTransformer.toFile(back)));
            Files.delete(back);
            s3.deleteObject(r -> r.bucket(bucket).key("raw"));
            return row("S3 (S3Proxy)", kind, bytes, ours, up, down);
        }
    }

    /** Where an S3 upload's time goes: the same multipart upload of the plain file, without the archive. */
    private static List<String> s3WithoutArchive(S3ProxyServer server, Path model, long bytes) throws Exception {
        String bucket = server.newBucket();
        try (S3Storage storage = S3Storage.builder()
                        .bucket(bucket)
                        .region("us-east-1")
                        .endpointOverride(server.endpoint())
                        .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                        .build();
                S3Client s3 = S3Client.builder()
                        .endpointOverride(server.endpoint())
                        .forcePathStyle(true)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                        .build()) {
            long multipart = time(() -> storage.write("plain", model, io.modelstore.spi.WriteCondition.always()));
            long single = time(() -> s3.putObject(r -> r.bucket(bucket).key("raw"), RequestBody.fromFile(model)));
            return List.of(
                    "S3 (S3Proxy): S3Storage's multipart write of the plain file",
                    "incompressible",
                    Benchmarks.mibPerSecond(bytes, multipart),
                    Benchmarks.mibPerSecond(bytes, single),
                    Benchmarks.ratio((double) single / multipart),
                    "",
                    "",
                    "");
        }
    }

    private static List<String> azure(Benchmarks.Servers servers, Path work, Path model, long bytes, String kind)
            throws Exception {
        String container = servers.azure().newContainer();
        long[] ours;
        try (ModelStore store = ModelStore.fromStorage(AzureBlobStorage.builder()
                .container(container)
                .connectionString(servers.azure().connectionString())
                .build())) {
            ours = roundTrip(store, model, work);
        }
        BlobContainerClient raw = new BlobServiceClientBuilder()
                .connectionString(servers.azure().connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient()
                .getBlobContainerClient(container);
        long up = time(() -> raw.getBlobClient("raw").uploadFromFile(model.toString(), true));
        Path back = work.resolve("raw-back.bin");
        long down = time(() -> raw.getBlobClient("raw").downloadToFile(back.toString(), true));
        Files.delete(back);
        raw.getBlobClient("raw").delete();
        return row("Azure (Azurite)", kind, bytes, ours, up, down);
    }

    private static List<String> gcs(Benchmarks.Servers servers, Path work, Path model, long bytes, String kind)
            throws Exception {
        String bucket = servers.gcs().newBucket();
        GcsStorage storage = GcsStorage.builder()
                .project("bench")
                .bucket(bucket)
                .host(servers.gcs().host())
                .build();
        long[] ours;
        try (ModelStore store = ModelStore.fromStorage(storage)) {
            ours = roundTrip(store, model, work);
        }
        Storage raw = com.google.cloud.storage.StorageOptions.http()
                .setHost(servers.gcs().host())
                .setProjectId("bench")
                .setCredentials(com.google.cloud.NoCredentials.getInstance())
                .build()
                .getService();
        long up = time(() -> raw.createFrom(BlobInfo.newBuilder(bucket, "raw").build(), model));
        Path back = work.resolve("raw-back.bin");
        long down = time(() -> raw.downloadTo(BlobId.of(bucket, "raw"), back));
        Files.delete(back);
        raw.delete(BlobId.of(bucket, "raw"));
        raw.close();
        return row("GCS (JSON API server)", kind, bytes, ours, up, down);
    }

    private static List<String> hdfs(Benchmarks.Servers servers, Path work, Path model, long bytes, String kind)
            throws Exception {
        String root = servers.hdfs().newRoot();
        long[] ours;
        try (ModelStore store = ModelStore.fromHdfs(servers.hdfs().uri() + root)) {
            ours = roundTrip(store, model, work);
        }
        // The raw client: Hadoop's own copy of the local file in and out.
        org.apache.hadoop.fs.FileSystem raw = servers.hdfs().admin();
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(root + "/raw");
        long up = time(() -> raw.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(model.toUri()), remote));
        Path back = work.resolve("raw-back.bin");
        long down = time(() -> raw.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(back.toUri()), true));
        Files.delete(back);
        raw.delete(remote, false);
        return row("HDFS (MiniDFSCluster)", kind, bytes, ours, up, down);
    }

    static void shell(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command)
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }
}

package io.modelstore.benchmarks;

import io.modelstore.aws.S3ProxyServer;
import io.modelstore.azure.AzuriteServer;
import io.modelstore.gcp.GcsJsonApiServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark harness: {@code java -jar benchmarks/target/benchmarks.jar [transfer|listing|small|writers|memory|serving|progress|cache|lightgbm|jmh|all]}
 * (or {@code benchmarks/run}). Every figure is measured in one run, side by side, on this machine, against the
 * same local servers the tests use. Sizes come from system properties: {@code -Dsize.mib=1024},
 * {@code -Dmemory.mib=4096}, {@code -Dlisting.models=1000,10000}, {@code -Dwriters=8 -Dwriters.models=50}.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path work = Files.createTempDirectory(
                Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))), "modelstore-bench-");
        try {
            switch (what) {
                case "memory-child" -> MemoryBenchmark.child(Path.of(args[1]), Long.parseLong(args[2]));
                case "small-child" ->
                    SmallOperationsBenchmark.child(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
                case "small" -> withServers(work, servers -> SmallOperationsBenchmark.run(servers, work));
                case "transfer" -> withServers(work, servers -> TransferBenchmark.run(servers, work));
                case "listing" -> withServers(work, servers -> ListingBenchmark.run(servers, work));
                case "writers" -> withServers(work, servers -> WritersBenchmark.run(servers, work));
                case "memory" -> MemoryBenchmark.run(work);
                case "serving" -> ServingBenchmark.run(work);
                case "progress" -> ProgressBenchmark.run(work);
                case "cache" -> CacheBenchmark.run(work);
                case "lightgbm" -> LightGbmBenchmark.run(work);
                case "lightgbm-child" -> LightGbmBenchmark.child(Path.of(args[1]), args[2]);
                case "jmh" ->
                    org.openjdk.jmh.Main.main(new String[] {
                        "-f", "1", "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s", SmallOperations.class.getName()
                    });
                case "all" -> {
                    withServers(work, servers -> {
                        TransferBenchmark.run(servers, work);
                        ListingBenchmark.run(servers, work);
                        SmallOperationsBenchmark.run(servers, work);
                        WritersBenchmark.run(servers, work);
                    });
                    MemoryBenchmark.run(work);
                    ServingBenchmark.run(work);
                    ProgressBenchmark.run(work);
                    CacheBenchmark.run(work);
                    LightGbmBenchmark.run(work);
                }
                default -> {
                    System.err.println(
                            "Usage: benchmarks [transfer|listing|small|writers|memory|serving|progress|cache|lightgbm|jmh|all]");
                    System.exit(2);
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The local servers: S3Proxy in this JVM, Azurite as a process with blobs on disk, the GCS JSON API server, and a
     * one-DataNode MiniDFSCluster in this JVM.
     */
    record Servers(S3ProxyServer s3, AzuriteServer azure, GcsJsonApiServer gcs, io.modelstore.hdfs.MiniHdfs hdfs) {}

    interface WithServers {
        void run(Servers servers) throws Exception;
    }

    static void withServers(Path work, WithServers body) throws Exception {
        S3ProxyServer s3 = new S3ProxyServer();
        AzuriteServer azure = new AzuriteServer(Files.createDirectories(work.resolve("azurite")));
        GcsJsonApiServer gcs = new GcsJsonApiServer();
        // Each server started is stopped, even when a later one fails to start (S3Proxy's threads would keep the JVM
        // up).
        s3.beforeAll(null);
        try {
            azure.beforeAll(null);
            try {
                gcs.beforeAll(null);
                try {
                    io.modelstore.hdfs.MiniHdfs hdfs = new io.modelstore.hdfs.MiniHdfs();
                    hdfs.start();
                    try {
                        body.run(new Servers(s3, azure, gcs, hdfs));
                    } finally {
                        hdfs.stop();
                    }
                } finally {
                    gcs.afterAll(null);
                }
            } finally {
                azure.afterAll(null);
            }
        } finally {
            s3.afterAll(null);
        }
    }

    /** Writes {@code mib} MiB: random bytes (as trained weights are, nearly), or text-like bytes that gzip shrinks. */
    static Path model(Path file, long mib, boolean compressible) throws IOException {
        Random random = new Random(mib);
        byte[] chunk = new byte[1 << 20];
        byte[][] words = new byte[64][];
        for (int i = 0; i < words.length; i++) {
            words[i] =
                    String.format(Locale.ROOT, "%.6f,", random.nextGaussian()).getBytes(StandardCharsets.US_ASCII);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long m = 0; m < mib; m++) {
                if (compressible) {
                    int at = 0;
                    while (at < chunk.length) {
                        byte[] w = words[random.nextInt(words.length)];
                        int n = Math.min(w.length, chunk.length - at);
                        System.arraycopy(w, 0, chunk, at, n);
                        at += n;
                    }
                } else {
                    random.nextBytes(chunk);
                }
                out.write(chunk);
            }
        }
        return file;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String mibPerSecond(long bytes, long nanos) {
        return String.format(Locale.ROOT, "%.0f MiB/s", bytes / (double) (1 << 20) / seconds(nanos));
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static void table(String title, List<String> header, List<List<String>> rows) {
        System.out.println();
        System.out.println("### " + title);
        System.out.println();
        System.out.println("| " + String.join(" | ", header) + " |");
        System.out.println("|" + "---|".repeat(header.size()));
        for (List<String> row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.flush();
    }
}

package io.modelstore.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run of the launcher's class-data sharing archive: the {@code modelstore} script runs it once per jar
 * under {@code -XX:ArchiveClassesAtExit}, so that later commands start from classes already parsed and verified (a
 * local {@code models} in about 0.7 s instead of 1.1 s here). It runs the everyday commands on a throw-away local
 * store, and an S3 command against a closed port on 127.0.0.1 (it fails at once, having loaded the SDK's client and
 * request classes). Nothing it prints is shown.
 */
final class ClassDataTraining {

    private ClassDataTraining() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(none);
        System.setErr(none);
        Path dir = Files.createTempDirectory("modelstore-cds-");
        try {
            String store = Files.createDirectory(dir.resolve("store")).toString();
            Path model = Files.writeString(dir.resolve("model.bin"), "weights");
            ModelStoreCli.run("--store", store, "upload", "training", model.toString(), "--model-id", "m1");
            ModelStoreCli.run("--store", store, "models", "training");
            ModelStoreCli.run("--store", store, "models", "training", "--json");
            ModelStoreCli.run("--store", store, "domains");
            ModelStoreCli.run("--store", store, "info", "training", "m1");
            ModelStoreCli.run(
                    "--store",
                    store,
                    "download",
                    "training",
                    "m1",
                    "--to",
                    dir.resolve("out").toString());
            ModelStoreCli.run("--store", store, "check");
            System.setProperty("aws.accessKeyId", "training");
            System.setProperty("aws.secretAccessKey", "training");
            ModelStoreCli.run(
                    "--store",
                    "s3://training?region=us-east-1&endpoint=http://127.0.0.1:" + closedPort(),
                    "models",
                    "x");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

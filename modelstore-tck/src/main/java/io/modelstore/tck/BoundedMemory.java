package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A model many times larger than the heap, uploaded and downloaded by a child JVM with {@code -Xmx48m}: what shows
 * that no step holds a model in memory (an archive read whole on download, a part buffer per part, ...), and that
 * the buffers of a transfer leave room: the README promises 64 MiB, and the test runs on three quarters of that, so
 * that a margin grown too thin fails here first. The child writes the model itself (random bytes, which do not
 * compress), prints the SHA-256 of what it uploaded and of what it downloaded, and the heap each took ({@link HeapPeaks}).
 */
public final class BoundedMemory {

    /** The child's heap: three quarters of the README's -Xmx64m. */
    private static final int HEAP_MIB = 48;
    /** How a child opens its store with {@link ModelStore#fromMinio}: {@code fromMinio:host:port/bucket}, keys from the environment. */
    private static final String FROM_MINIO = "fromMinio:";

    private BoundedMemory() {}

    /**
     * Runs the child on the store {@code uri} with a model of {@code mib} MiB, in {@code work}, with {@code env} added to
     * this JVM's environment (such as credentials); asserts that it finished and downloaded the bytes it uploaded.
     */
    public static void roundTrip(String uri, int mib, Path work, Map<String, String> env) throws Exception {
        run(uri, mib, work, env);
    }

    /**
     * As {@link #roundTrip}, on a store the child opens with {@link ModelStore#fromMinio} (over http) at
     * {@code endpoint} ({@code host:port}), in {@code bucket}, with the keys of {@code MINIO_ACCESS_KEY} and
     * {@code MINIO_SECRET_KEY} in {@code env}.
     */
    public static void roundTripFromMinio(String endpoint, String bucket, int mib, Path work, Map<String, String> env)
            throws Exception {
        run(FROM_MINIO + endpoint + "/" + bucket, mib, work, env);
    }

    private static void run(String store, int mib, Path work, Map<String, String> env) throws Exception {
        Path log = work.resolve("bounded-memory.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MIB + "m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                BoundedMemory.class.getName(),
                store,
                String.valueOf(mib),
                work.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process child = builder.start();
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.exists(log) ? Files.readString(log) : "";
        assertThat(finished)
                .as("the child finished within 10 minutes:%n%s", output)
                .isTrue();
        assertThat(child.exitValue())
                .as("the child's exit code (3 is an OutOfMemoryError):%n%s", output)
                .isZero();
        Map<String, String> said = new HashMap<>();
        output.lines()
                .filter(l -> l.contains(" "))
                .forEach(l -> said.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        assertThat(Long.parseLong(said.get("max-heap")))
                .as("the child's maximum heap")
                .isLessThanOrEqualTo((long) HEAP_MIB << 20);
        assertThat(said.get("downloaded"))
                .as("the SHA-256 of the downloaded model")
                .isEqualTo(said.get("uploaded"));
        assertThat(Long.parseLong(said.get("size"))).isEqualTo((long) mib << 20);
        // What BENCHMARKS.md section 3 quotes, in the test's output.
        System.out.printf(
                "%s on -Xmx%dm: upload %s; download %s%n",
                store, HEAP_MIB, mib(said.get("upload-heap")), mib(said.get("download-heap")));
    }

    /** The child: {@code <store uri, or fromMinio:host:port/bucket> <MiB> <work directory>}. */
    public static void main(String[] args) throws Exception {
        String store = args[0];
        long bytes = Long.parseLong(args[1]) << 20;
        Path work = Path.of(args[2]);
        Path model = work.resolve("in/model.bin");
        Files.createDirectories(model.getParent());
        String uploaded = writeRandom(model, bytes);
        say("max-heap " + Runtime.getRuntime().maxMemory());
        HeapPeaks heap = new HeapPeaks();
        try (ModelStore opened = open(store)) {
            heap.start();
            ModelMetadata meta =
                    opened.upload(UploadRequest.builder("large").file(model).build());
            say("upload-heap " + heap.step());
            Files.delete(model); // the disk holds the model twice at most
            heap.start();
            Path out = opened.download(work.resolve("out"), "large", meta.modelId());
            say("download-heap " + heap.step());
            Path downloaded = out.resolve("model.bin");
            say("size " + Files.size(downloaded));
            say("uploaded " + uploaded);
            say("downloaded " + sha256(downloaded));
        }
    }

    /** {@link HeapPeaks#step()}'s figures in words, in MiB. */
    private static String mib(String step) {
        String[] figures = step.split(" ", -1);
        return "most in use after a collection " + (Long.parseLong(figures[0]) >> 20) + " MiB (" + figures[1]
                + " collections), heap pools' peak " + (Long.parseLong(figures[2]) >> 20) + " MiB";
    }

    private static ModelStore open(String store) {
        if (!store.startsWith(FROM_MINIO)) {
            return ModelStore.open(store);
        }
        String endpointAndBucket = store.substring(FROM_MINIO.length());
        int slash = endpointAndBucket.indexOf('/');
        return ModelStore.fromMinio(
                endpointAndBucket.substring(0, slash),
                System.getenv("MINIO_ACCESS_KEY"),
                System.getenv("MINIO_SECRET_KEY"),
                endpointAndBucket.substring(slash + 1),
                false);
    }

    private static String writeRandom(Path file, long bytes) throws IOException {
        MessageDigest sha = newSha256();
        SplittableRandom random = new SplittableRandom(bytes);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= buffer.length) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long r = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buffer[i + b] = (byte) (r >>> (8 * b));
                    }
                }
                int n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

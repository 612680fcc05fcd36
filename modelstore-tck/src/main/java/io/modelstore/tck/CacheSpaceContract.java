package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cache on a small disk (a 4 MiB tmpfs): a fill that does not fit evicts what it may first, and a model that
 * still does not fit is delivered around the cache, with one warning, instead of failing. Mounting needs root; where
 * it is refused the tests are skipped with the reason.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class CacheSpaceContract extends CacheFixture {

    private static final int DISK_BYTES = 4 << 20;
    private static final int BIG_MODEL_BYTES = 1 << 20;
    private static final List<String> IDS = List.of("a", "b", "c", "d", "e");

    private Path disk;

    /** For the subclasses. */
    protected CacheSpaceContract() {}

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            run("umount", disk.toString());
        }
    }

    @Test
    void aSmallDiskKeepsServingEveryModelByEvictingBeforeEachFill() throws IOException {
        mountDisk();
        ModelStore store = bigModels();

        for (int round = 0; round < 2; round++) {
            for (String id : IDS) {
                Path target = store.download(tmp.resolve("t-" + round + id), DOMAIN, id);
                assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(bigContent(id));
            }
        }
        assertThat(cached()).as("the cache holds what fits").isNotEmpty().hasSizeLessThan(IDS.size());
        assertThat(cached()).as("the most recently used is kept").contains("e");
    }

    @Test
    void aModelThatDoesNotFitIsDeliveredAroundTheCacheWithOneWarning() throws IOException {
        mountDisk();
        ModelStore store = bigModels();
        Path text = Files.writeString(
                Files.createTempDirectory(tmp, "model-").resolve("model.txt"), "x".repeat(BIG_MODEL_BYTES));
        store.upload(UploadRequest.builder(DOMAIN)
                .modelId("t")
                .file(text)
                .library(TextModelLoader.LIBRARY)
                .build());
        fillDiskLeaving(BIG_MODEL_BYTES / 2); // by something the cache cannot evict

        String logged = Warnings.loggedDuring(() -> {
            for (int round = 0; round < 3; round++) {
                for (String id : IDS) {
                    Path target = store.download(tmp.resolve("t-" + round + id), DOMAIN, id);
                    assertThat(read(target.resolve("model.bin"))).isEqualTo(bigContent(id));
                }
                assertThat(store.load(DOMAIN, "t", TextModelLoader.TextModel.class)
                                .text())
                        .hasSize(BIG_MODEL_BYTES);
            }
        });

        assertThat(Warnings.count(logged, "is short of space"))
                .as("warnings in:\n%s", logged)
                .isEqualTo(1);
        assertThat(logged).contains("Models not in the cache are downloaded without it");
        assertThat(cached()).isEmpty();
        assertThat(leftovers(cacheDir.resolve("filling").resolve(DOMAIN)))
                .as("no half fill left")
                .isEmpty();

        Files.delete(disk.resolve("ballast"));
        store.download(tmp.resolve("after"), DOMAIN, "a");
        assertThat(cached()).as("cached again once there is room").containsExactly("a");
    }

    private void mountDisk() throws IOException {
        Path mountPoint = Files.createDirectories(tmp.resolve("disk"));
        String refused = run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(
                refused == null, () -> "cannot mount a " + DISK_BYTES + "-byte tmpfs here (it needs root): " + refused);
        disk = mountPoint;
        cacheDir = disk.resolve("cache");
    }

    /** A store whose cache is {@link #cacheDir}, with 1 MiB models of every id in {@link #IDS}. */
    private ModelStore bigModels() throws IOException {
        ModelStore store = store(ROOMY);
        for (String id : IDS) {
            Path file = Files.write(Files.createTempDirectory(tmp, "model-").resolve("model.bin"), bigContent(id));
            store.upload(UploadRequest.builder(DOMAIN).modelId(id).file(file).build());
        }
        return store;
    }

    private void fillDiskLeaving(long free) throws IOException {
        long toWrite = Files.getFileStore(disk).getUsableSpace() - free;
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(disk.resolve("ballast"))) {
            for (long written = 0; written < toWrite; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, toWrite - written));
            }
        }
    }

    private static byte[] bigContent(String id) {
        byte[] bytes = new byte[BIG_MODEL_BYTES];
        new Random(id.hashCode()).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}

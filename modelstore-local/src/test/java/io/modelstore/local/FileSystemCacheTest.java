package io.modelstore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheContract;
import io.modelstore.tck.CountingStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The local model cache on the file system, and shared by JVMs: a child process fills, holds or dies mid-fill. */
class FileSystemCacheTest extends CacheContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(root(), true);
    }

    private Path root() {
        return tmp.resolve("store");
    }

    @Test
    void aSecondJvmWaitsForTheFillAndFindsItFilled() throws Exception {
        storeWith(1L << 30, "a");
        Process child = child("fill", "a", tmp.resolve("child-target").toString(), "1500");
        try (BufferedReader out = output(child)) {
            assertThat(out.readLine()).isEqualTo("reading"); // the child holds the fill's lock, half-way through
            CountingStorage parent = new CountingStorage(new FileSystemStorage(root(), false));
            Path target = ModelStore.builder(parent)
                    .cache(cacheDir, 1L << 30)
                    .build()
                    .download(tmp.resolve("t"), "fraud", "a");
            // No read of the archive: it waited for the child's fill rather than filling the entry itself.
            assertThat(parent.readsOf(k -> k.endsWith("artifacts.tar.gz")))
                    .as("found it filled")
                    .isZero();
            assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(content("a"));
            assertThat(out.readLine()).isEqualTo("done");
        } finally {
            stop(child);
        }
        assertThat(Files.readAllBytes(tmp.resolve("child-target/model.bin"))).isEqualTo(content("a"));
    }

    @Test
    void aJvmKilledMidFillLeavesNoEntryAndTheNextUseFillsAgain() throws Exception {
        storeWith(1L << 30, "a");
        Process child = child("fill", "a", tmp.resolve("child-target").toString(), "60000");
        try (BufferedReader out = output(child)) {
            assertThat(out.readLine()).isEqualTo("reading");
            assertThat(cacheDir.resolve("filling/fraud/a")).as("half-filled").exists();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(cached()).isEmpty();

        counting.reset();
        Path target = store(1L << 30).download(tmp.resolve("t"), "fraud", "a"); // the dead child's lock went with it
        assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(content("a"));
        assertThat(archiveReads()).isEqualTo(1);
        assertThat(cacheDir.resolve("filling/fraud/a")).doesNotExist();
    }

    @Test
    void anEntryHeldByAnotherJvmIsNotEvicted() throws Exception {
        ModelStore store = storeWith(12_000, "a", "b", "c");
        store.download(tmp.resolve("t1"), "fraud", "a");
        Process child = child("hold", "a");
        try (BufferedReader out = output(child)) {
            assertThat(out.readLine()).startsWith("holding ");
            store.download(tmp.resolve("t2"), "fraud", "b");
            assertThat(cached()).as("a is held by the child").containsExactlyInAnyOrder("a", "b");
            child.getOutputStream().close(); // lets it go
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop(child);
        }
        store.download(tmp.resolve("t3"), "fraud", "c");
        assertThat(cached()).containsExactly("c");
    }

    @Test
    void propertiesAndTheEnvironmentConfigureTheCache() throws IOException {
        storeWith(1L << 30, "a");
        Path other = tmp.resolve("configured-cache");
        StoreConfig fromProperties = StoreConfig.fromMap(Map.of(
                "modelstore.uri",
                root().toString(),
                "modelstore.cache.dir",
                other.toString(),
                "modelstore.cache.max-bytes",
                "1G"));
        assertThat(fromProperties.cacheDirectory()).contains(other);
        assertThat(fromProperties.cacheMaxBytes()).isEqualTo(1L << 30);
        try (ModelStore store = ModelStore.open(fromProperties)) {
            store.download(tmp.resolve("t"), "fraud", "a");
        }
        assertThat(other.resolve("entries/fraud/a/files/model.bin")).exists();

        StoreConfig fromEnvironment = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "filesystem",
                "MODEL_STORE_ROOT_PREFIX",
                root().toString(),
                "MODEL_STORE_CACHE_DIR",
                other.toString(),
                "MODEL_STORE_CACHE_MAX_BYTES",
                "500M"));
        assertThat(fromEnvironment.cacheMaxBytes()).isEqualTo(500L << 20);
        assertThat(StoreConfig.fromUri(
                                root().toString(),
                                Map.of(
                                        "MODEL_STORE_CACHE_DIR",
                                        other.toString(),
                                        "MODEL_STORE_CACHE_MAX_BYTES",
                                        "1024"))
                        .cacheDirectory())
                .contains(other);
        assertThat(StoreConfig.fromUri(root().toString(), Map.of()).cacheDirectory())
                .isEmpty();
    }

    private Process child(String mode, String id, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CacheChild.class.getName(),
                mode,
                root().toString(),
                cacheDir.toString(),
                "fraud",
                id));
        command.addAll(List.of(more));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static BufferedReader output(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
    }
}

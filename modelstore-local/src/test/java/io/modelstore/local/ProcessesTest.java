package io.modelstore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.CheckReport;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in other JVMs on one file-system store: what the cross-process file lock is for. Threads of one JVM
 * are kept apart by a JVM lock as well, so only other processes show whether the file lock holds.
 */
class ProcessesTest {

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    void aConditionalWriteInAnotherProcessWaitsForTheStoreLock() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path lockFile = Files.createDirectories(root.resolve(FileSystemStorage.TEMP_DIR))
                .resolve("lock");
        Path log = tmp.resolve("child.log");
        Process child;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            child = start(log, "write", root.toString(), "waits/for/the/lock.json");
            waitFor(log, child, "ready");
            Thread.sleep(1_500); // far longer than the write takes once the lock is free

            assertThat(lines(log))
                    .as("the child wrote while this process held the store's lock")
                    .containsExactly("ready");
            assertThat(root.resolve("waits/for/the/lock.json")).doesNotExist();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines(log)).containsExactly("ready", "written true");
        assertThat(Files.readString(root.resolve("waits/for/the/lock.json"))).isEqualTo("from another process");
    }

    @Test
    void threeProcessesUploadingToOneDomainLoseNothingAndClaimEachIdOnce() throws Exception {
        Path root = tmp.resolve("store");
        Path go = tmp.resolve("go");
        int count = 15;
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (String writer : List.of("a", "b", "c")) {
            Path log = tmp.resolve(writer + ".log");
            logs.add(log);
            children.add(start(log, "upload", root.toString(), writer, String.valueOf(count), go.toString()));
        }
        Files.createFile(go); // all three start together, once their JVMs are up
        for (Process child : children) {
            assertThat(child.waitFor(5, TimeUnit.MINUTES))
                    .as("a writer finished")
                    .isTrue();
            assertThat(child.exitValue()).as("a writer's exit code").isZero();
        }

        List<String> uploaded = new ArrayList<>();
        Map<String, String> claimedBy = new HashMap<>();
        for (int w = 0; w < logs.size(); w++) {
            String writer = List.of("a", "b", "c").get(w);
            for (String line : lines(logs.get(w))) {
                if (line.startsWith("uploaded ")) {
                    uploaded.add(line.substring("uploaded ".length()));
                } else if (line.startsWith("claimed ")) {
                    String id = line.substring("claimed ".length());
                    assertThat(claimedBy.put(id, writer))
                            .as("%s claimed by a second writer", id)
                            .isNull();
                }
            }
        }
        assertThat(uploaded).hasSize(3 * count);
        assertThat(claimedBy).hasSize(count);

        try (ModelStore store = ModelStore.fromFileSystem(root)) {
            List<String> listed = store.listModels("shared");
            assertThat(listed).hasSize(4 * count).containsAll(uploaded).containsAll(claimedBy.keySet());
            for (Map.Entry<String, String> claim : claimedBy.entrySet()) {
                Path target = store.download(tmp.resolve("out-" + claim.getKey()), "shared", claim.getKey());
                assertThat(Files.readString(target.resolve("model.txt")))
                        .isEqualTo(StoreWriter.content(claim.getValue(), claim.getKey()));
            }
            ModelMetadata latest = store.getDomain("shared");
            assertThat(latest.modelId()).isEqualTo(listed.get(0));
            for (String id : listed) {
                assertThat(store.getModelInfo("shared", id).created()).isBeforeOrEqualTo(latest.created());
            }
            // The check also reports the JVM temporary directory's stale upload files, which any process may have left.
            assertThat(store.check(false, Duration.ZERO).findings())
                    .as("what the writers left")
                    .filteredOn(f -> f.kind() != CheckReport.Kind.LOCAL_TEMPORARY_FILE
                            || f.location().startsWith(root.toString()))
                    .isEmpty();
        }
    }

    private Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StoreWriter.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        tmp.resolve("children.err").toFile()))
                .start();
    }

    private static void waitFor(Path log, Process child, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!lines(log).contains(line)) {
            assertThat(child.isAlive()).as("the child is running").isTrue();
            assertThat(System.nanoTime())
                    .as("the child said '%s' within 60 s", line)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }
}

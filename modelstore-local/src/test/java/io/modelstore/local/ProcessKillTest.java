package io.modelstore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.CheckReport.Kind;
import io.modelstore.ModelStore;
import io.modelstore.spi.BlobInfo;
import io.modelstore.tck.FaultInjectionContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM uploading and deleting models is killed (SIGKILL) at a random point, 30 times, on one store. After
 * each kill: every model whose upload returned is there (unless a delete of it began), none whose delete returned is,
 * every listed model
 * downloads with its content, a repair leaves nothing behind and the pointer on the newest model, and the keys are
 * Python modelstore's layout.
 */
class ProcessKillTest {

    private static final int RUNS = 30;

    @TempDir
    Path tmp;

    @Test
    void killingAWriterAtAnyPointLeavesAStoreThatReadsAndRepairs() throws Exception {
        Path root = tmp.resolve("store");
        Random random = new Random(42);
        Set<String> committed = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        Set<String> deleting = new HashSet<>();
        for (int run = 0; run < RUNS; run++) {
            Path log = tmp.resolve("run" + run + ".log");
            Process child = new ProcessBuilder(
                            java(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashingWriter.class.getName(),
                            root.toString(),
                            String.valueOf(run),
                            tmp.resolve("work" + run).toString())
                    .redirectOutput(log.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int linesBeforeKill = random.nextInt(6);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(log).size() < linesBeforeKill && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(15));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (String line : lines(log)) {
                record(line, committed, deleting, deleted); // what it printed before it died
            }
            check(root, committed, deleting, deleted, run);
        }
        assertThat(committed).as("the children got work done").hasSizeGreaterThan(RUNS);
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private static void record(String line, Set<String> committed, Set<String> deleting, Set<String> deleted) {
        if (line == null) {
            return;
        }
        if (line.startsWith("uploaded ")) {
            committed.add(line.substring("uploaded ".length()));
        } else if (line.startsWith("deleting ")) {
            deleting.add(line.substring("deleting ".length()));
        } else if (line.startsWith("deleted ")) {
            deleted.add(line.substring("deleted ".length()));
        }
    }

    private void check(Path root, Set<String> committed, Set<String> deleting, Set<String> deleted, int run)
            throws IOException {
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            if (committed.isEmpty() && !Files.exists(root.resolve("operatorai-model-store/domains"))) {
                return; // killed before its first upload finished
            }
            List<String> listed;
            try {
                listed = store.listModels("fraud");
            } catch (io.modelstore.DomainNotFoundException e) {
                listed = List.of();
            }
            Set<String> expected = new HashSet<>(committed);
            expected.removeAll(deleting); // a delete cut short may or may not have passed its commit point
            assertThat(listed)
                    .as("run %d: every model whose upload returned", run)
                    .containsAll(expected);
            assertThat(listed).as("run %d: no model whose delete returned", run).noneMatch(deleted::contains);
            for (String id : listed) {
                Path into = store.download(tmp.resolve("check" + run + "-" + id), "fraud", id);
                assertThat(Files.readAllBytes(into.resolve("model.bin")))
                        .as("run %d: %s", run, id)
                        .isEqualTo(CrashingWriter.content(id));
            }
            store.check(true, Duration.ZERO);
            assertThat(store.check(false, Duration.ZERO).findings())
                    .filteredOn(f -> f.kind() != Kind.LOCAL_TEMPORARY_FILE)
                    .as("run %d: after a repair", run)
                    .isEmpty();
            if (!listed.isEmpty()) {
                assertThat(store.getDomain("fraud").modelId())
                        .isEqualTo(store.listModels("fraud").get(0));
            }
            try (Stream<BlobInfo> keys = new FileSystemStorage(root, false).list("")) {
                assertThat(keys.map(BlobInfo::key).collect(Collectors.toList()))
                        .allSatisfy(k -> assertThat(k).matches(FaultInjectionContract.PYTHON_LAYOUT));
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

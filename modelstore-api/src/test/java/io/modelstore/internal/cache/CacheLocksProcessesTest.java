package io.modelstore.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs sharing a cache, each with one thread holding an entry and another waiting for the other JVM's entry.
 * The kernel's deadlock detection sees processes, not threads: to it this is a cycle, and a blocking POSIX lock
 * fails with EDEADLK ("Resource deadlock avoided") although each holder lets go without waiting for anything.
 */
class CacheLocksProcessesTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    void twoJvmsEachHoldingOneEntryAndWaitingForTheOthersGetBothWithoutAFalseDeadlock() throws Exception {
        Path x = dir.resolve("x.lock");
        Path y = dir.resolve("y.lock");
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CacheLocksChild.class.getName(),
                        y.toString(),
                        x.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            CompletableFuture<Boolean> gotY;
            try (CacheLocks.Held heldX = CacheLocks.exclusive(x)) {
                assertThat(out.readLine()).isEqualTo("holding"); // the child holds y
                gotY = CompletableFuture.supplyAsync(() -> {
                    try (CacheLocks.Held wantedY = CacheLocks.exclusive(y)) {
                        return true;
                    }
                });
                Thread.sleep(300); // this JVM now waits for the child's y
                in.write("go\n");
                in.flush(); // the child now wants this JVM's x: a cycle, to the kernel
                Thread.sleep(500);
            } // x is let go: the child gets it, then lets y go
            assertThat(out.readLine()).as("the child's lock of x").isEqualTo("got");
            assertThat(gotY.get(30, TimeUnit.SECONDS))
                    .as("this JVM's lock of y")
                    .isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }
}

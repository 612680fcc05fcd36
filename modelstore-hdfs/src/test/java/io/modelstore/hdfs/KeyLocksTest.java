package io.modelstore.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.spi.WriteCondition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-key lock behind HDFS's conditional replace and delete: held by one writer, taken over when stale. */
class KeyLocksTest {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    private static final long STALE_MILLIS = (KeyLocks.STALE_LOCK_SECONDS + 5) * 1000;

    @Test
    void aWriteWaitsForTheLockOfAnotherWriterAndGoesOnWhenItIsReleased() throws Exception {
        String root = hdfs.newRoot();
        HdfsStorage storage = storage(root);
        Path lock = locks(root).lockPath("k.bin");
        hdfs.admin().create(lock, false).close(); // another client's lock, fresh

        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> write(storage, "k.bin", "mine"));
        Thread.sleep(1_000);
        assertThat(write).as("a write under another writer's lock").isNotDone();
        hdfs.admin().delete(lock, false);
        write.get(20, TimeUnit.SECONDS);
        assertThat(read(storage, "k.bin")).isEqualTo("mine");
    }

    @Test
    void aStaleLockAndAStaleSecondLockOfACrashedWriterAreTakenOver() throws Exception {
        String root = hdfs.newRoot();
        HdfsStorage storage = storage(root);
        Path lock = locks(root).lockPath("k.bin");
        FileSystem admin = hdfs.admin();
        for (Path left : new Path[] {lock, lock.suffix(".steal")}) {
            admin.create(left, false).close();
            admin.setTimes(left, System.currentTimeMillis() - STALE_MILLIS, -1);
        }
        write(storage, "k.bin", "after a crash");
        assertThat(read(storage, "k.bin")).isEqualTo("after a crash");
        assertThat(admin.exists(lock)).isFalse();
        assertThat(admin.exists(lock.suffix(".steal"))).isFalse();
    }

    @Test
    void ofWritersThatFindTheSameStaleLockOnlyOneHoldsItAtATime() throws Exception {
        String root = hdfs.newRoot();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int round = 0; round < 5; round++) {
            String key = "k-" + round;
            Path lock = locks(root).lockPath(key);
            hdfs.admin().create(lock, false).close();
            hdfs.admin().setTimes(lock, System.currentTimeMillis() - STALE_MILLIS, -1);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                KeyLocks locks = locks(root); // each with a client of its own, as writers in other processes
                writers.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        locks.locked(key, new Path(root, key), () -> {
                            most.accumulateAndGet(holders.incrementAndGet(), Math::max);
                            sleep(200);
                            holders.decrementAndGet();
                            return null;
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            start.countDown();
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(hdfs.admin().exists(lock)).isFalse();
        }
        assertThat(most.get()).as("writers holding one lock at once").isEqualTo(1);
    }

    private final List<FileSystem> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws java.io.IOException {
        for (FileSystem client : clients) {
            client.close();
        }
    }

    private KeyLocks locks(String root) throws java.io.IOException {
        FileSystem client = FileSystem.newInstance(hdfs.uri(), hdfs.admin().getConf());
        clients.add(client);
        return new KeyLocks(client, new Path(root, HdfsStorage.TEMP_DIR));
    }

    private static HdfsStorage storage(String root) {
        return HdfsStorage.open(hdfs.uri(), root, HadoopConfigs.load(null, null), false);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(HdfsStorage storage, String key, String content) {
        try {
            storage.write(key, content.getBytes(StandardCharsets.UTF_8), WriteCondition.always());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(HdfsStorage storage, String key) throws Exception {
        try (var in = storage.read(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

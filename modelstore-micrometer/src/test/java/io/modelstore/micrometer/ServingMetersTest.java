package io.modelstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.tck.InMemoryStorage;
import io.modelstore.tck.TextModelLoader;
import io.modelstore.tck.TextModelLoader.TextModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving meters: the cache's hits and misses, and a live model's swaps and failed refreshes. */
class ServingMetersTest {

    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void cacheHitsAndMissesAreCountedByDomain() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        Storage storage = new InMemoryStorage();
        ModelStore store = ModelStore.builder(storage)
                .cache(tmp.resolve("cache"), "1G")
                .cacheListener(new CacheMeters(registry))
                .build();
        upload(storage, "fraud", "a", 0);
        upload(storage, "churn", "b", 1);

        store.download(tmp.resolve("t1"), "fraud", "a");
        store.download(tmp.resolve("t2"), "fraud", "a");
        store.download(tmp.resolve("t3"), "fraud", "a");
        store.download(tmp.resolve("t4"), "churn", "b");

        assertThat(cache(registry, "miss", "fraud")).isEqualTo(1);
        assertThat(cache(registry, "hit", "fraud")).isEqualTo(2);
        assertThat(cache(registry, "miss", "churn")).isEqualTo(1);
        assertThat(registry.find(CacheMeters.REQUESTS)
                        .tag("result", "hit")
                        .tag("domain", "churn")
                        .counter())
                .isNull();
    }

    @Test
    void aLiveModelsSwapsAndFailedRefreshesAreCounted() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        Unreachable storage = new Unreachable(new InMemoryStorage());
        ModelStore store = ModelStore.fromStorage(storage);
        upload(storage, "churn", "a", 0);
        try (LiveModel<TextModel> live = store.follow("churn", null, TextModel.class, Duration.ofMillis(20))) {
            live.onChange(new LiveModelMeters(registry, "scorer", "churn"));
            Counter swaps = registry.get(LiveModelMeters.SWAPS)
                    .tag("name", "scorer")
                    .tag("domain", "churn")
                    .counter();
            Counter failures =
                    registry.get(LiveModelMeters.FAILURES).tag("name", "scorer").counter();
            assertThat(swaps.count()).isZero();

            upload(storage, "churn", "b", 10);
            await(() -> swaps.count() == 1); // listeners are told just after the swap
            assertThat(live.current().modelId()).isEqualTo("b");
            assertThat(failures.count()).isZero();

            storage.down = true;
            await(() -> failures.count() >= 2);
            assertThat(swaps.count()).isEqualTo(1);
            assertThat(live.apply(TextModel::text)).isEqualTo("model b");
        }
    }

    private static double cache(MeterRegistry registry, String result, String domain) {
        return registry.get(CacheMeters.REQUESTS)
                .tag("result", result)
                .tag("domain", domain)
                .counter()
                .count();
    }

    private void upload(Storage storage, String domain, String id, int seconds) throws IOException {
        Path file = Files.writeString(
                Files.createDirectories(tmp.resolve("src-" + id)).resolve("model.txt"), "model " + id);
        ModelStore.builder(storage)
                .clock(Clock.fixed(START.plusSeconds(seconds), ZoneOffset.UTC))
                .build()
                .upload(UploadRequest.builder(domain)
                        .file(file)
                        .modelId(id)
                        .library(TextModelLoader.LIBRARY)
                        .build());
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A storage whose stats fail while it is down, as when the network is gone. */
    private static final class Unreachable extends ForwardingStorage {
        volatile boolean down;

        Unreachable(Storage delegate) {
            super(delegate);
        }

        @Override
        public Optional<io.modelstore.spi.BlobInfo> stat(String key) {
            if (down) {
                throw new StorageException(StorageException.Reason.UNREACHABLE, "Test: unreachable");
            }
            return super.stat(key);
        }
    }
}

package io.modelstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelstore.ModelStore;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.InMemoryStorage;
import io.modelstore.tck.StorageContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storage contract through the decorator (it changes nothing a store sees), and the meters it records. */
class MeteredStorageTest extends StorageContract {

    @Override
    protected Storage createStorage() {
        return new MeteredStorage(new InMemoryStorage(), new SimpleMeterRegistry());
    }

    @Test
    void anUploadAndADownloadAreCountedByOperationOutcomeAndBytes() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        Path model = Files.write(tmp.resolve("m.bin"), new byte[10_000]);
        try (ModelStore store = ModelStore.fromStorage(new MeteredStorage(new InMemoryStorage(), registry))) {
            String id = store.upload("fraud", model).modelId();
            store.download(tmp.resolve("back"), "fraud", id);
        }
        assertThat(requests(registry, "write", "success")).isGreaterThanOrEqualTo(3); // archive, metadata, pointer
        assertThat(requests(registry, "read", "success")).isGreaterThanOrEqualTo(2); // metadata, archive
        assertThat(requests(registry, "write", "failure")).isZero();
        double up = registry.get(MeteredStorage.BYTES)
                .tag("direction", "up")
                .counter()
                .count();
        double down = registry.get(MeteredStorage.BYTES)
                .tag("direction", "down")
                .counter()
                .count();
        assertThat(up).isGreaterThan(0);
        assertThat(down).isGreaterThan(0).isLessThanOrEqualTo(up);
    }

    @Test
    void aRefusedConditionalWriteAndAFailureHaveTheirOwnOutcomes() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Storage storage = new MeteredStorage(new InMemoryStorage(), registry);
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(storage.write("k", content, WriteCondition.ifAbsent())).isTrue();
        assertThat(storage.write("k", content, WriteCondition.ifAbsent())).isFalse();
        assertThat(requests(registry, "write", "success")).isEqualTo(1);
        assertThat(requests(registry, "write", "condition-failed")).isEqualTo(1);
        assertThat(registry.get(MeteredStorage.BYTES)
                        .tag("direction", "up")
                        .counter()
                        .count())
                .isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.read("missing"));
        assertThat(requests(registry, "read", "failure")).isEqualTo(1);
    }

    private static long requests(MeterRegistry registry, String operation, String outcome) {
        var timer = registry.find(MeteredStorage.REQUESTS)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}

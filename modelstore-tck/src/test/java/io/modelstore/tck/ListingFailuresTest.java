package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a listing that reads several metadata documents at a time (models uploaded in one second) fails: as the
 * storage failed, and, when the caller is interrupted, with the interrupt kept. In memory, where nothing else
 * reacts to the interrupt first.
 */
class ListingFailuresTest {

    @TempDir
    Path tmp;

    private final InMemoryStorage storage = new InMemoryStorage();

    @BeforeEach
    void fiveModelsInOneSecond() throws IOException {
        ModelStore sameSecond = ModelStore.builder(storage)
                .clock(Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC))
                .build();
        for (int i = 0; i < 5; i++) {
            Path file = Files.writeString(
                    Files.createDirectories(tmp.resolve("m" + i)).resolve("m.bin"), "model " + i);
            sameSecond.upload(
                    UploadRequest.builder("d").file(file).modelId("m" + i).build());
        }
    }

    @Test
    void aStoragesOwnErrorWhileReadingMetadataReachesTheCallerAsItWasThrown() {
        Storage buggy = new ForwardingStorage(storage) {
            @Override
            public InputStream read(String key) {
                if (key.endsWith("/versions/m3.json")) {
                    throw new IllegalStateException("a bug in the storage");
                }
                return super.read(key);
            }
        };

        assertThatThrownBy(() -> ModelStore.fromStorage(buggy).listModels("d"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a bug in the storage");
    }

    @Test
    void anInterruptedListingStopsAndKeepsTheInterrupt() {
        ModelStore store = ModelStore.fromStorage(storage);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> store.listModels("d"))
                    .isInstanceOf(StorageException.class)
                    .hasMessage("Interrupted while listing the models of domain 'd'");
            assertThat(Thread.currentThread().isInterrupted())
                    .as("still interrupted")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(store.listModels("d")).containsExactly("m4", "m3", "m2", "m1", "m0");
    }
}

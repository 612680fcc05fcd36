package io.modelstore.tck;

import io.modelstore.ModelStore;
import io.modelstore.spi.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the concurrency contracts ({@link ConcurrencyContract}, {@link LatestPointerContract}) share: a store on a
 * fresh storage for each test, the stores of other writers at times of the test's choosing on that storage, and the
 * model files they upload. A backend's test returns a fresh, empty storage from {@link #createStorage()}.
 */
abstract class ConcurrencyFixture {

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    /** The root prefix the stores are opened with. */
    protected String rootPrefix() {
        return "";
    }

    static final Instant T = Instant.parse("2025-06-01T10:00:00.500Z");

    Storage storage;
    ModelStore store;

    @TempDir
    protected Path tmp;

    @BeforeEach
    void openStore() throws Exception {
        storage = createStorage();
        store = ModelStore.fromStorage(storage, rootPrefix());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Another writer's store on {@code on}, whose clock stands at {@code time}. */
    ModelStore at(Instant time, Storage on) {
        return ModelStore.builder(on)
                .rootPrefix(rootPrefix())
                .clock(Clock.fixed(time, ZoneOffset.UTC))
                .build();
    }

    /** The content of the model's file {@code name}, downloaded. */
    String download(String domain, String modelId, String name) throws IOException {
        Path target = Files.createTempDirectory(tmp, "out");
        store.download(target, domain, modelId);
        return Files.readString(target.resolve(name));
    }

    Path file(String relative, String content) throws IOException {
        Path p = tmp.resolve("in").resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }
}

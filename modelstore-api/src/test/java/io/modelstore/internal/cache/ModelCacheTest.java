package io.modelstore.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.ModelMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a holder of an entry learns of changes made to it while it reads, and what the next open does about them. */
class ModelCacheTest {

    @TempDir
    Path tmp;

    private final AtomicInteger fills = new AtomicInteger();

    private static final ModelMetadata META =
            ModelMetadata.fromJson("{\"model\": {\"domain\": \"d\", \"model_id\": \"a\"}}");

    private ModelCache.Filler filler(String content) {
        return into -> {
            fills.incrementAndGet();
            try {
                Files.createDirectories(into.resolve("sub"));
                Files.writeString(into.resolve("model.bin"), content);
                Files.writeString(into.resolve("sub/config.json"), "{}");
                Files.createSymbolicLink(into.resolve("latest"), Path.of("model.bin"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void aHolderIsToldOfAChangeMadeWhileItReadAndTheNextOpenFillsAgain() throws IOException {
        ModelCache cache = new ModelCache(new CacheSettings(tmp.resolve("cache"), 1L << 30));
        try (ModelFiles files = cache.open(META, filler("weights"))) {
            files.confirmUnchanged(); // nothing changed yet
            Path model = files.directory().resolve("model.bin");
            model.toFile().setWritable(true);
            Files.writeString(model, "!", StandardOpenOption.APPEND);
            assertThatThrownBy(files::confirmUnchanged)
                    .isInstanceOf(ModelFiles.Changed.class)
                    .hasMessage("'model.bin' had 7 bytes and now has 8");
        }
        try (ModelFiles files = cache.open(META, filler("weights"))) {
            assertThat(Files.readString(files.directory().resolve("model.bin"))).isEqualTo("weights");
            files.confirmUnchanged();
        }
        assertThat(fills).hasValue(2);
    }

    @Test
    void anEntryIsUsedAsItIsWhileNothingChangesIt() throws IOException {
        ModelCache cache = new ModelCache(new CacheSettings(tmp.resolve("cache"), 1L << 30));
        for (int i = 0; i < 3; i++) {
            try (ModelFiles files = cache.open(META, filler("weights"))) {
                assertThat(Files.readSymbolicLink(files.directory().resolve("latest")))
                        .isEqualTo(Path.of("model.bin"));
                files.confirmUnchanged();
            }
        }
        assertThat(fills).hasValue(1);
    }

    @Test
    void anEntryWithoutAManifestIsFilledAgain() throws IOException {
        ModelCache cache = new ModelCache(new CacheSettings(tmp.resolve("cache"), 1L << 30));
        cache.open(META, filler("weights")).close();
        Files.delete(tmp.resolve("cache/entries/d/a/manifest.json")); // as an older modelstore-java left its entries
        cache.open(META, filler("weights")).close();
        assertThat(fills).hasValue(2);
        assertThat(tmp.resolve("cache/entries/d/a/manifest.json")).exists();
    }
}

package io.modelstore.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: against a real container when {@code MODELSTORE_IT_AZURE_CONTAINER} and
 * {@code AZURE_STORAGE_CONNECTION_STRING} are set. Works below a fresh random root prefix and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "MODELSTORE_IT_AZURE_CONTAINER", matches = ".+")
@EnabledIfEnvironmentVariable(named = "AZURE_STORAGE_CONNECTION_STRING", matches = ".+")
class RealAzureTest {

    @TempDir
    Path tmp;

    @Test
    void uploadsListsDownloadsAndDeletesInARealContainer() throws IOException {
        try (ModelStore store = ModelStore.fromAzure(
                System.getenv("MODELSTORE_IT_AZURE_CONTAINER"), "modelstore-java-it/" + UUID.randomUUID())) {
            ModelMetadata meta = store.upload("it", Files.writeString(tmp.resolve("m.bin"), "real"));
            assertThat(store.listModels("it")).containsExactly(meta.modelId());
            store.download(tmp.resolve("out"), "it", meta.modelId());
            assertThat(Files.readString(tmp.resolve("out/m.bin"))).isEqualTo("real");
            store.deleteModel("it", meta.modelId());
            assertThat(store.listModels("it")).isEmpty();
        }
    }
}

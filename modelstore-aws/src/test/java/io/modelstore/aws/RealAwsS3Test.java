package io.modelstore.aws;

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
 * Opt-in: against a real bucket when {@code MODELSTORE_IT_AWS_BUCKET} is set (with {@code MODELSTORE_IT_AWS_REGION}
 * and credentials from the default chain). Works below a fresh random root prefix and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "MODELSTORE_IT_AWS_BUCKET", matches = ".+")
class RealAwsS3Test {

    @TempDir
    Path tmp;

    @Test
    void uploadsListsDownloadsAndDeletesInARealBucket() throws IOException {
        String prefix = "modelstore-java-it/" + UUID.randomUUID();
        try (ModelStore store = ModelStore.fromAwsS3(
                System.getenv("MODELSTORE_IT_AWS_BUCKET"), System.getenv("MODELSTORE_IT_AWS_REGION"), prefix)) {
            ModelMetadata meta = store.upload("it", Files.writeString(tmp.resolve("m.bin"), "real"));
            assertThat(store.listModels("it")).containsExactly(meta.modelId());
            store.download(tmp.resolve("out"), "it", meta.modelId());
            assertThat(Files.readString(tmp.resolve("out/m.bin"))).isEqualTo("real");
            store.deleteModel("it", meta.modelId());
            assertThat(store.listModels("it")).isEmpty();
        }
    }
}

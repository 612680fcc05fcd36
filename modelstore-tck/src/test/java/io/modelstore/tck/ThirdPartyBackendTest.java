package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.Backends;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.spi.ModelStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend that implements only {@code id()} and {@code create(settings)} and lists itself in
 * {@code META-INF/services} ({@link InMemoryStorageProvider}) is reached like a first-party one.
 */
class ThirdPartyBackendTest {

    @TempDir
    Path tmp;

    @Test
    void aUriGivesTheProviderItsLocationAndQueryAndTheStoreItsRootPrefix() {
        StoreConfig config = StoreConfig.fromUri("memory://team-a/ml/models?flavour=fast&verbose");
        assertThat(config.backendId()).isEqualTo("memory");
        assertThat(config.describedSettings())
                .containsExactly(
                        Map.entry("location", "team-a"), Map.entry("flavour", "fast"), Map.entry("verbose", "true"));
        assertThat(config.rootPrefix()).isEqualTo("ml/models");
    }

    @Test
    void uriEnvironmentAndPropertiesOpenTheSameStore() throws IOException {
        ModelMetadata uploaded;
        try (ModelStore byUri = ModelStore.open("memory://shared-by-three/ml")) {
            uploaded = byUri.upload("fraud", Files.writeString(tmp.resolve("m.bin"), "weights"));
        }
        assertThat(InMemoryStorage.named("shared-by-three")
                        .stat("ml/operatorai-model-store/fraud/versions/" + uploaded.modelId() + ".json"))
                .isPresent();

        StoreConfig fromEnv = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "memory",
                "MODEL_STORE_MEMORY_LOCATION",
                "shared-by-three",
                "MODEL_STORE_MEMORY_ROOT_PREFIX",
                "ml",
                "MODEL_STORE_OTHER_LOCATION",
                "not-ours"));
        assertThat(fromEnv.describedSettings()).isEqualTo(Map.of("location", "shared-by-three"));
        try (ModelStore byEnv = ModelStore.open(fromEnv)) {
            assertThat(byEnv.listModels("fraud")).containsExactly(uploaded.modelId());
        }

        Properties properties = new Properties();
        properties.setProperty("modelstore.storage", "memory");
        properties.setProperty("modelstore.memory.location", "shared-by-three");
        properties.setProperty("modelstore.root-prefix", "ml");
        try (ModelStore byProperties = ModelStore.fromProperties(properties)) {
            Path target = byProperties.download(tmp.resolve("out"), "fraud", uploaded.modelId());
            assertThat(target.resolve("m.bin")).hasContent("weights");
        }
    }

    @Test
    void theCatalogListsItBesideTheFirstPartyBackends() {
        assertThat(Backends.discover().status()).anySatisfy(status -> {
            assertThat(status.id()).isEqualTo("memory");
            assertThat(status.usable()).isTrue();
            assertThat(status.backend()).isNull();
        });
        assertThat(Backends.discover().knownIds())
                .isEqualTo("filesystem, aws-s3, minio, google-cloud-storage, " + "azure-container, hdfs, memory");
        assertThatThrownBy(() -> StoreConfig.fromUri("vault://x"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage(
                        "Unknown store URI scheme 'vault' in 'vault://x'. Use one of: file://, s3://, minio://, gs://, "
                                + "az://, hdfs://, memory:// (or a plain directory path), or install the backend that reads it.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "vault")))
                .hasMessage(
                        "MODEL_STORE_STORAGE is 'vault', which is not a storage type. Set it to one of: filesystem, "
                                + "aws-s3, minio, google-cloud-storage, azure-container, hdfs, memory.");
    }
}

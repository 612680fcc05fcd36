package io.modelstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The factories compile against modelstore-api alone and find their backend at run time: here no backend module
 * is on the classpath, so each names the module to add, as Python's ModuleNotFoundError does.
 */
class FactoriesTest {

    private static String notInstalled(String id, String artifact) {
        return "Storage backend '" + id + "' is not installed: add the module io.modelstore:" + artifact
                + " to your dependencies:\n"
                + "    <dependency>\n"
                + "      <groupId>io.modelstore</groupId>\n"
                + "      <artifactId>" + artifact + "</artifactId>\n"
                + "      <version>" + ModelStore.version() + "</version>\n"
                + "    </dependency>\n"
                + "Installed backends: none.";
    }

    @Test
    void eachFactoryNamesTheModuleItNeeds() {
        assertThatThrownBy(() -> ModelStore.fromAwsS3("my-bucket", "eu-central-1"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessage(notInstalled("aws-s3", "modelstore-aws"));
        assertThatThrownBy(() -> ModelStore.fromMinio("127.0.0.1:9000", "a", "b", "my-bucket", false))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessage(notInstalled("minio", "modelstore-aws"));
        assertThatThrownBy(() -> ModelStore.fromGcloud("project", "my-bucket"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessage(notInstalled("google-cloud-storage", "modelstore-gcp"));
        assertThatThrownBy(() -> ModelStore.fromAzure("container"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessage(notInstalled("azure-container", "modelstore-azure"));
        assertThatThrownBy(() -> ModelStore.fromFileSystem(Path.of("/srv/models")))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessage(notInstalled("filesystem", "modelstore-local"));
    }

    @Test
    void anInvalidRootPrefixIsRefusedBeforeTheBackendIsLookedUp() {
        assertThatThrownBy(() -> ModelStore.fromAwsS3("my-bucket", "eu-central-1", "a/../b"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage(
                        "Invalid root prefix 'a/../b': it has an empty, '.' or '..' segment. Use a prefix such as 'teams/fraud'.");
    }
}

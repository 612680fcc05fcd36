package io.modelstore;

import io.modelstore.spi.ModelStoreException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration from URIs, Python's environment variables and properties: what each resolves to, and each error's text. */
class StoreConfigTest {

    @Test
    void credentialsInAUriAreRefusedAndNeverPrinted() {
        assertThatThrownBy(() -> StoreConfig.fromUri("s3://AKIAEXAMPLE:wJalrXUtnFEMI@my-bucket/prefix"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage("The store URI 's3://****@my-bucket/prefix' holds credentials before '@': secrets are never read "
                        + "from a URI. Remove them and provide credentials through the environment (such as "
                        + "AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING) or the SDK's own chain.");
        // A '/' in the secret ends java.net.URI's user info early: it is redacted all the same.
        assertThatThrownBy(() -> StoreConfig.fromUri("minio://access:S3cr3t/x@host:9000/bucket"))
                .hasMessageNotContaining("S3cr3t").hasMessageContaining("minio://****@host:9000/bucket");
        assertThatThrownBy(() -> StoreConfig.fromUri("gs://u:S3cr3t/q@b/p?x=S3cr3t"))
                .hasMessageNotContaining("S3cr3t").hasMessageContaining("gs://****@b/p?x=****");
    }

    @Test
    void anUnknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> StoreConfig.fromUri("hdfs://namenode/models"))
                .hasMessage("Unknown store URI scheme 'hdfs' in 'hdfs://namenode/models'. Use one of: file://, s3://, minio://, "
                        + "gs://, az:// (or a plain directory path), or install the backend that reads it.");
    }

    @Test
    void aUriWhoseBackendIsNotInstalledGetsTheNotInstalledError() {
        assertThatThrownBy(() -> ModelStore.open("gs://my-bucket?project=p"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'google-cloud-storage' is not installed: add the module "
                        + "io.modelstore:modelstore-gcp to your dependencies:");
    }

    @Test
    void aPathOrAnEnvironmentWhoseBackendIsNotInstalledGetsTheNotInstalledError() {
        assertThatThrownBy(() -> StoreConfig.fromUri("/srv/models"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'filesystem' is not installed: add the module "
                        + "io.modelstore:modelstore-local to your dependencies:");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "aws-s3")))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'aws-s3' is not installed: add the module io.modelstore:modelstore-aws");
        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of("modelstore.storage", "azure-container")))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'azure-container' is not installed");
    }

    @Test
    void aMissingOrUnknownStorageTypeListsTheAcceptedValues() {
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of()))
                .hasMessage("MODEL_STORE_STORAGE is not set. Set it to one of: filesystem, aws-s3, minio, "
                        + "google-cloud-storage, azure-container.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "s3")))
                .hasMessage("MODEL_STORE_STORAGE is 's3', which is not a storage type. Set it to one of: filesystem, aws-s3, "
                        + "minio, google-cloud-storage, azure-container.");
    }

    @Test
    void propertiesNeedExactlyOneOfUriAndStorage() {
        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of()))
                .hasMessage("Neither modelstore.uri nor modelstore.storage is set. Set modelstore.uri (such as "
                        + "file:///srv/models or s3://bucket/prefix?region=eu-central-1), or modelstore.storage (one of: "
                        + "filesystem, aws-s3, minio, google-cloud-storage, azure-container) with its "
                        + "modelstore.<storage>.<setting> keys.");
        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of("modelstore.uri", "/srv", "modelstore.storage", "filesystem")))
                .hasMessage("Both modelstore.uri and modelstore.storage are set: keep one of them.");
    }
}

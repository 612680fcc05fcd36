package io.modelstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.spi.ModelStoreException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from URIs, Python's environment variables and properties: what each resolves to, and each error's text. */
class StoreConfigTest {

    @Test
    void credentialsInAUriAreRefusedAndNeverPrinted() {
        assertThatThrownBy(() -> StoreConfig.fromUri("s3://AKIAEXAMPLE:wJalrXUtnFEMI@my-bucket/prefix"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage(
                        "The store URI 's3://****@my-bucket/prefix' holds credentials before '@': secrets are never read "
                                + "from a URI. Remove them and provide credentials through the environment (such as "
                                + "AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING) or the SDK's own chain.");
        // A '/' in the secret ends java.net.URI's user info early: it is redacted all the same.
        assertThatThrownBy(() -> StoreConfig.fromUri("minio://access:S3cr3t/x@host:9000/bucket"))
                .hasMessageNotContaining("S3cr3t")
                .hasMessageContaining("minio://****@host:9000/bucket");
        assertThatThrownBy(() -> StoreConfig.fromUri("gs://u:S3cr3t/q@b/p?x=S3cr3t"))
                .hasMessageNotContaining("S3cr3t")
                .hasMessageContaining("gs://****@b/p?****");
    }

    @Test
    void credentialsAreRefusedAndRedactedWhereverTheyEnd() {
        // A '/', '?' or '#' in a secret ends java.net.URI's user info early; the refusal comes before "not installed".
        for (String uri : new String[] {
            "s3://AKIA:S3cr3t/x@bucket/p",
            "s3://AKIA:S3cr3t?x@bucket/p",
            "s3://AKIA:S3cr3t#x@bucket/p",
            "s3://AKIA:S3cr3t%x@bucket/p",
            "s3://AKIA:S3cr3t x@bucket/p"
        }) {
            assertThatThrownBy(() -> StoreConfig.fromUri(uri))
                    .as(uri)
                    .isInstanceOf(ModelStoreException.class)
                    .isNotInstanceOf(BackendNotInstalledException.class)
                    .hasMessageStartingWith("The store URI 's3://****@bucket/p' holds credentials before '@'")
                    .hasMessageNotContaining("S3cr3t");
        }
        assertThatThrownBy(() -> StoreConfig.fromUri("file://u:pw@host/x"))
                .isInstanceOf(ModelStoreException.class)
                .isNotInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("The store URI 'file://****@host/x' holds credentials before '@'");
    }

    @Test
    void percentEncodedCredentialsInTheAuthorityAreRefusedAndRedacted() {
        // java.net.URI decodes "%40" into the location: minio's endpoint would be u:S3cr3t@host:9000.
        for (String uri : new String[] {"minio://u%3AS3cr3t%40host:9000/bucket", "s3://AKIA%3AS3cr3t%40bucket/p"}) {
            assertThatThrownBy(() -> StoreConfig.fromUri(uri))
                    .as(uri)
                    .isInstanceOf(ModelStoreException.class)
                    .isNotInstanceOf(BackendNotInstalledException.class)
                    .hasMessageContaining("holds credentials before '@'")
                    .hasMessageNotContaining("S3cr3t");
        }
    }

    @Test
    void aKnownSchemeWithoutItsTwoSlashesIsAMalformedUriNotADirectory() {
        assertThatThrownBy(() -> StoreConfig.fromUri("s3:/bucket?secret=S3cr3t"))
                .isInstanceOf(ModelStoreException.class)
                .isNotInstanceOf(BackendNotInstalledException.class)
                .hasMessage("The store URI 's3:/bucket?****' is malformed: 's3:' must be followed by '//'. Did you "
                        + "mean s3://bucket?****? (For a directory of that name, start it with ./)");
        assertThatThrownBy(() -> StoreConfig.fromUri("S3:AKIA:S3cr3t/x@bucket/p"))
                .hasMessageStartingWith("The store URI 'S3:****@bucket/p' holds credentials before '@'");
        assertThatThrownBy(() -> StoreConfig.fromUri("file:/srv/models"))
                .hasMessageContaining("Did you mean file:///srv/models?");
        assertThatThrownBy(() -> StoreConfig.fromUri("gs:b/p?x=S3cr3t"))
                .hasMessageContaining("Did you mean gs://b/p?****?");
        // Windows drives, unknown words before ':' and ./ stay directory paths.
        for (String path : new String[] {"C:\\models", "C:/models", "models:v2", "./s3:/bucket"}) {
            assertThatThrownBy(() -> StoreConfig.fromUri(path))
                    .as(path)
                    .isInstanceOf(BackendNotInstalledException.class)
                    .hasMessageStartingWith("Storage backend 'filesystem' is not installed");
        }
    }

    @Test
    void aPlainPathsQueryIsNeverPrinted() {
        // Read as settings once the backend is installed (see FirstPartyConfigTest); here it fails as not installed.
        assertThatThrownBy(() -> StoreConfig.fromUri("/srv/models?key=S3cr3t"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageNotContaining("S3cr3t");
    }

    @Test
    void anUnknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> StoreConfig.fromUri("ftp://host/models"))
                .hasMessage(
                        "Unknown store URI scheme 'ftp' in 'ftp://host/models'. Use one of: file://, s3://, minio://, "
                                + "gs://, az://, hdfs:// (or a plain directory path), or install the backend that reads it.");
        assertThatThrownBy(() -> StoreConfig.fromUri("hdfs://namenode/models"))
                .hasMessageStartingWith(
                        "Storage backend 'hdfs' is not installed: add the module io.modelstore:modelstore-hdfs");
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
                .hasMessageStartingWith(
                        "Storage backend 'aws-s3' is not installed: add the module io.modelstore:modelstore-aws");
        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of("modelstore.storage", "azure-container")))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'azure-container' is not installed");
    }

    @Test
    void aMissingOrUnknownStorageTypeListsTheAcceptedValues() {
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of()))
                .hasMessage("MODEL_STORE_STORAGE is not set. Set it to one of: filesystem, aws-s3, minio, "
                        + "google-cloud-storage, azure-container, hdfs.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "s3")))
                .hasMessage(
                        "MODEL_STORE_STORAGE is 's3', which is not a storage type. Set it to one of: filesystem, aws-s3, "
                                + "minio, google-cloud-storage, azure-container, hdfs.");
    }

    @Test
    void propertiesNeedExactlyOneOfUriAndStorage() {
        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of()))
                .hasMessage("Neither modelstore.uri nor modelstore.storage is set. Set modelstore.uri (such as "
                        + "file:///srv/models or s3://bucket/prefix?region=eu-central-1), or modelstore.storage (one of: "
                        + "filesystem, aws-s3, minio, google-cloud-storage, azure-container, hdfs) with its "
                        + "modelstore.<storage>.<setting> keys.");
        assertThatThrownBy(
                        () -> StoreConfig.fromMap(Map.of("modelstore.uri", "/srv", "modelstore.storage", "filesystem")))
                .hasMessage("Both modelstore.uri and modelstore.storage are set: keep one of them.");
    }
}

package io.modelstore;

import io.modelstore.spi.ModelStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration from URIs, Python's environment variables and properties: what each resolves to, and each error's text. */
class StoreConfigTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "file:///srv/models                                   | filesystem           | {root=/srv/models}                                   | ''",
            "/srv/models                                          | filesystem           | {root=/srv/models}                                   | ''",
            "C:\\models                                           | filesystem           | {root=C:\\models}                                    | ''",
            "s3://my-bucket/teams/fraud?region=eu-central-1       | aws-s3               | {bucket=my-bucket, region=eu-central-1}              | teams/fraud",
            "s3://my-bucket?endpoint=http://127.0.0.1:9000        | aws-s3               | {bucket=my-bucket, endpoint=http://127.0.0.1:9000}   | ''",
            "minio://minio.internal:9000/models/ml?secure=false   | minio                | {endpoint=minio.internal:9000, bucket=models, secure=false} | ml",
            "gs://my-bucket/prefix?project=my-project             | google-cloud-storage | {bucket=my-bucket, project=my-project}               | prefix",
            "az://models/teams/a                                  | azure-container      | {container=models}                                   | teams/a",
    })
    void urisNameABackendItsSettingsAndARootPrefix(String uri, String backend, String settings, String prefix) {
        StoreConfig config = StoreConfig.fromUri(uri);
        assertThat(config.backendId()).isEqualTo(backend);
        assertThat(config.describedSettings().toString()).isEqualTo(settings);
        assertThat(config.rootPrefix()).isEqualTo(prefix);
    }

    @Test
    void secretsAreNeverReadFromAUri() {
        assertThatThrownBy(() -> StoreConfig.fromUri("s3://AKIAEXAMPLE:wJalrXUtnFEMI@my-bucket/prefix"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage("The store URI 's3://****@my-bucket/prefix' holds credentials before '@': secrets are never read "
                        + "from a URI. Remove them and provide credentials through the environment (such as "
                        + "AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING) or the SDK's own chain.");
        assertThatThrownBy(() -> StoreConfig.fromUri("az://models?sas_token=sv%3D2024%26sig%3Dabc"))
                .hasMessage("The store URI 'az://models?sas_token=****' has the parameter 'sas_token': secrets are never read "
                        + "from a URI. Remove it and provide it through the environment or properties.");
    }

    @Test
    void anUnknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> StoreConfig.fromUri("hdfs://namenode/models"))
                .hasMessage("Unknown store URI scheme 'hdfs' in 'hdfs://namenode/models'. Use one of: file://, s3://, minio://, "
                        + "gs://, az:// (or a plain directory path).");
    }

    @Test
    void aUriWhoseBackendIsNotInstalledGetsTheNotInstalledError() {
        assertThatThrownBy(() -> ModelStore.open("gs://my-bucket?project=p"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'google-cloud-storage' is not installed: add the module "
                        + "io.modelstore:modelstore-gcp to your dependencies:");
    }

    @Test
    void theEnvironmentIsReadWithPythonsVariableNames() {
        StoreConfig aws = StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "aws-s3",
                "MODEL_STORE_AWS_BUCKET", "my-bucket", "MODEL_STORE_REGION", "eu-west-1",
                "MODEL_STORE_AWS_ROOT_PREFIX", "ml", "AWS_ENDPOINT_URL", "http://127.0.0.1:9000"));
        assertThat(aws.backendId()).isEqualTo("aws-s3");
        assertThat(aws.describedSettings()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "my-bucket",
                "region", "eu-west-1", "endpoint", "http://127.0.0.1:9000"));
        assertThat(aws.rootPrefix()).isEqualTo("ml");

        StoreConfig minio = StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "minio", "MINIO_ENDPOINT", "h:9000",
                "MINIO_ACCESS_KEY", "access-Do-Not-Print", "MINIO_SECRET_KEY", "secret-Do-Not-Print",
                "MODEL_STORE_MINIO_BUCKET", "b"));
        assertThat(minio.describedSettings()).containsEntry("access-key", "****").containsEntry("secret-key", "****");
        assertThat(minio.toString()).doesNotContain("Do-Not-Print")
                .isEqualTo("minio {endpoint=h:9000, access-key=****, secret-key=****, bucket=b} (from environment)");

        StoreConfig local = StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "filesystem",
                "MODEL_STORE_ROOT_PREFIX", "/srv/models"));
        assertThat(local.describedSettings()).isEqualTo(Map.of("root", "/srv/models"));

        StoreConfig azure = StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "azure-container",
                "MODEL_STORE_AZURE_CONTAINER", "models", "AZURE_STORAGE_CONNECTION_STRING", "AccountKey=Do-Not-Print"));
        assertThat(azure.toString()).doesNotContain("Do-Not-Print");
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
    void aBackendsMissingVariableIsNamedWithAllItReads() {
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "aws-s3")))
                .hasMessage("MODEL_STORE_STORAGE is 'aws-s3' but MODEL_STORE_AWS_BUCKET is not set. The aws-s3 storage reads: "
                        + "MODEL_STORE_AWS_BUCKET, MODEL_STORE_REGION, MODEL_STORE_AWS_ROOT_PREFIX, AWS_ENDPOINT_URL_S3.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "azure-container",
                "MODEL_STORE_AZURE_CONTAINER", "models")))
                .hasMessage("MODEL_STORE_STORAGE is 'azure-container' but AZURE_STORAGE_CONNECTION_STRING is not set. The "
                        + "azure-container storage reads: MODEL_STORE_AZURE_CONTAINER, MODEL_STORE_AZURE_ROOT_PREFIX, "
                        + "AZURE_STORAGE_CONNECTION_STRING.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "filesystem")))
                .hasMessage("MODEL_STORE_STORAGE is 'filesystem' but MODEL_STORE_ROOT_PREFIX is not set. The filesystem "
                        + "storage reads: MODEL_STORE_ROOT_PREFIX.");
    }

    @Test
    void propertiesNameAUriOrABackendWithItsKeys() {
        Properties byUri = new Properties();
        byUri.setProperty("modelstore.uri", "s3://my-bucket/ml?region=eu-central-1");
        byUri.setProperty("modelstore.aws-s3.path-style", "true");
        StoreConfig fromUri = StoreConfig.fromProperties(byUri);
        assertThat(fromUri.backendId()).isEqualTo("aws-s3");
        assertThat(fromUri.describedSettings()).containsEntry("bucket", "my-bucket").containsEntry("path-style", "true");
        assertThat(fromUri.rootPrefix()).isEqualTo("ml");

        StoreConfig byKeys = StoreConfig.fromMap(Map.of("modelstore.storage", "google-cloud-storage",
                "modelstore.google-cloud-storage.bucket", "b", "modelstore.google-cloud-storage.project", "p",
                "modelstore.root-prefix", "teams/a", "modelstore.aws-s3.bucket", "ignored"));
        assertThat(byKeys.describedSettings()).containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "b", "project", "p"));
        assertThat(byKeys.rootPrefix()).isEqualTo("teams/a");
        assertThat(byKeys.source()).isEqualTo("properties");
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

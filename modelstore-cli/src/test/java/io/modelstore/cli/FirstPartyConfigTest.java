package io.modelstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.Backends;
import io.modelstore.StoreConfig;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageProvider;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configuration of the first-party backends, with every one installed: their URIs, Python's environment variables
 * and properties, all read through what each provider declares (the core spells none of their names).
 */
class FirstPartyConfigTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "file:///srv/models                                   | filesystem           | {root=/srv/models}                                   | ''",
                "/srv/models                                          | filesystem           | {root=/srv/models}                                   | ''",
                "C:\\\\models                                         | filesystem           | {root=C:\\\\models}                                  | ''",
                "file:///srv/models?root-prefix=teams/a&create=true   | filesystem           | {root=/srv/models, create=true}                      | teams/a",
                "/srv/models?create=true                              | filesystem           | {root=/srv/models, create=true}                      | ''",
                "./s3:/models                                         | filesystem           | {root=./s3:/models}                                  | ''",
                "s3://my-bucket/teams/fraud?region=eu-central-1       | aws-s3               | {bucket=my-bucket, region=eu-central-1}              | teams/fraud",
                "s3://my-bucket?endpoint=http://127.0.0.1:9000        | aws-s3               | {bucket=my-bucket, endpoint=http://127.0.0.1:9000}   | ''",
                "minio://minio.internal:9000/models/ml?secure=false   | minio                | {endpoint=minio.internal:9000, secure=false, bucket=models, access-key=****, secret-key=****} | ml",
                "gs://my-bucket/prefix?project=my-project             | google-cloud-storage | {bucket=my-bucket, project=my-project}               | prefix",
                "az://models/teams/a                                  | azure-container      | {container=models, connection-string=****}           | teams/a",
            })
    void urisNameABackendItsSettingsAndARootPrefix(String uri, String backend, String settings, String prefix) {
        Map<String, String> env = Map.of(
                "MINIO_ACCESS_KEY",
                "access-Do-Not-Print",
                "MINIO_SECRET_KEY",
                "secret-Do-Not-Print",
                "AZURE_STORAGE_CONNECTION_STRING",
                "AccountKey=Do-Not-Print");
        StoreConfig config = StoreConfig.fromUri(uri, env);
        assertThat(config.backendId()).isEqualTo(backend);
        assertThat(config.describedSettings().toString()).isEqualTo(settings);
        assertThat(config.rootPrefix()).isEqualTo(prefix);
        assertThat(config.toString()).doesNotContain("Do-Not-Print");
    }

    @Test
    void everyInstalledFirstPartyProviderAnswersToItsCatalogScheme() {
        Backends backends = Backends.discover();
        // HDFS is on the tests' classpath only (CliIT checks that the jar lacks it).
        for (Backends.Backend backend : Backends.FIRST_PARTY) {
            StorageProvider provider = backends.installed(backend.id()).orElseThrow();
            assertThat(provider.uriSchemes()).as(backend.id()).contains(backend.scheme());
            assertThat(provider.settings()).as(backend.id()).isNotEmpty();
        }
    }

    @Test
    void minioWithoutAnEndpointTakesPythonsDefault() {
        Map<String, String> keys = Map.of("MINIO_ACCESS_KEY", "a", "MINIO_SECRET_KEY", "b");
        StoreConfig config = StoreConfig.fromUri("minio:///models/ml", keys);
        assertThat(config.backendId()).isEqualTo("minio");
        assertThat(config.rootPrefix()).isEqualTo("ml");
        assertThat(config.describedSettings()).doesNotContainKey("endpoint").containsEntry("bucket", "models");
        StoreConfig fromEnvironment = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "minio",
                "MODEL_STORE_MINIO_BUCKET",
                "models",
                "MINIO_ACCESS_KEY",
                "a",
                "MINIO_SECRET_KEY",
                "b"));
        assertThat(fromEnvironment.backendId()).isEqualTo("minio");
    }

    @Test
    void secretsComeFromTheEnvironmentNeverFromAUri() {
        assertThatThrownBy(() -> StoreConfig.fromUri("az://models?sas_token=sv%3D2024%26sig%3Dabc", Map.of()))
                .hasMessage("The store URI 'az://models?****' has the parameter 'sas_token': secrets are never read "
                        + "from a URI. Remove it and provide it through the environment or properties.");
        assertThatThrownBy(() -> StoreConfig.fromUri("minio://h:9000/b?secret-key=x", Map.of()))
                .hasMessageContaining("has the parameter 'secret-key': secrets are never read from a URI");
        assertThatThrownBy(() -> StoreConfig.fromUri("minio://h:9000/b", Map.of()))
                .isInstanceOf(ModelStoreException.class)
                .hasMessage(
                        "The minio storage needs the setting 'access-key' (the access key), but it is missing from the URI "
                                + "minio://h:9000/b: set MINIO_ACCESS_KEY (secrets are never read from a URI).");
    }

    @Test
    void aSecretInAUriOrPathIsRefusedInEveryFormAndNeverShown() {
        for (String uri : new String[] {
            "minio://access:S3cr3t/x@host:9000/bucket",
            "s3://AKIA:S3cr3t/x@bucket/p",
            "gs://u:S3cr3t/q@b/p",
            "s3://AKIA:S3cr3t?x@bucket/p",
            "file://u:S3cr3t@host/x",
            "file://u:pw@host/x"
        }) {
            assertThatThrownBy(() -> StoreConfig.fromUri(uri, Map.of()))
                    .as(uri)
                    .isExactlyInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("holds credentials before '@'")
                    .hasMessageNotContaining("S3cr3t");
        }
        // A known scheme with one slash or none is not handed to the file system as a directory.
        assertThatThrownBy(() -> StoreConfig.fromUri("s3:/bucket?secret=S3cr3t", Map.of()))
                .isExactlyInstanceOf(ModelStoreException.class)
                .hasMessage("The store URI 's3:/bucket?****' is malformed: 's3:' must be followed by '//'. Did you "
                        + "mean s3://bucket?****? (For a directory of that name, start it with ./)");
        assertThatThrownBy(() -> StoreConfig.fromUri("minio:host:9000/b", Map.of()))
                .hasMessageContaining("Did you mean minio://host:9000/b?");
        // A directory path's query is read as a URI's: secrets are refused, other names checked, values never shown.
        assertThatThrownBy(() -> StoreConfig.fromUri("/srv/models?key=S3cr3t", Map.of()))
                .hasMessage("The store URI '/srv/models?****' has the parameter 'key': secrets are never read from a "
                        + "URI. Remove it and provide it through the environment or properties.");
        assertThatThrownBy(() -> StoreConfig.fromUri("/srv/models?x=S3cr3t", Map.of()))
                .hasMessage("The filesystem storage has no setting 'x' (from the URI /srv/models?****). Its settings: "
                        + "root, create.");
        StoreConfig config = StoreConfig.fromUri("/srv/models?create=true", Map.of());
        assertThat(config.toString())
                .isEqualTo("filesystem {root=/srv/models, create=true} (from URI /srv/models?****)");
    }

    @Test
    void aSettingTheBackendDoesNotHaveIsRefusedWithTheOnesItHas() {
        assertThatThrownBy(() -> StoreConfig.fromUri("s3://b?regoin=eu-west-1", Map.of()))
                .hasMessage("The aws-s3 storage has no setting 'regoin' (from the URI s3://b?****). Its settings: "
                        + "bucket, region, endpoint, path-style.");
        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of(
                        "modelstore.storage",
                        "filesystem",
                        "modelstore.filesystem.root",
                        "/srv",
                        "modelstore.filesystem.craete",
                        "true")))
                .hasMessage(
                        "The filesystem storage has no setting 'craete' (from modelstore.filesystem.craete). Its settings: "
                                + "root, create.");
    }

    @Test
    void theEnvironmentIsReadWithPythonsVariableNames() {
        StoreConfig aws = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "aws-s3",
                "MODEL_STORE_AWS_BUCKET",
                "my-bucket",
                "MODEL_STORE_REGION",
                "eu-west-1",
                "MODEL_STORE_AWS_ROOT_PREFIX",
                "ml",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:9000"));
        assertThat(aws.backendId()).isEqualTo("aws-s3");
        assertThat(aws.describedSettings())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("bucket", "my-bucket", "region", "eu-west-1", "endpoint", "http://127.0.0.1:9000"));
        assertThat(aws.rootPrefix()).isEqualTo("ml");

        StoreConfig minio = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "minio",
                "MINIO_ENDPOINT",
                "h:9000",
                "MINIO_ACCESS_KEY",
                "access-Do-Not-Print",
                "MINIO_SECRET_KEY",
                "secret-Do-Not-Print",
                "MODEL_STORE_MINIO_BUCKET",
                "b"));
        assertThat(minio.describedSettings())
                .containsEntry("access-key", "****")
                .containsEntry("secret-key", "****");
        assertThat(minio.toString())
                .doesNotContain("Do-Not-Print")
                .isEqualTo("minio {endpoint=h:9000, access-key=****, secret-key=****, bucket=b} (from environment)");

        StoreConfig local = StoreConfig.fromEnvironment(
                Map.of("MODEL_STORE_STORAGE", "filesystem", "MODEL_STORE_ROOT_PREFIX", "/srv/models"));
        assertThat(local.describedSettings()).isEqualTo(Map.of("root", "/srv/models"));

        // The generic names work for the first-party backends too; Python's names win where both are set.
        StoreConfig generic = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "aws-s3",
                "MODEL_STORE_AWS_S3_BUCKET",
                "generic",
                "MODEL_STORE_AWS_S3_PATH_STYLE",
                "true"));
        assertThat(generic.describedSettings()).isEqualTo(Map.of("bucket", "generic", "path-style", "true"));
        assertThat(StoreConfig.fromEnvironment(Map.of(
                                "MODEL_STORE_STORAGE",
                                "aws-s3",
                                "MODEL_STORE_AWS_S3_BUCKET",
                                "generic",
                                "MODEL_STORE_AWS_BUCKET",
                                "python"))
                        .describedSettings())
                .isEqualTo(Map.of("bucket", "python"));
    }

    @Test
    void aBackendsMissingVariableIsNamedWithAllItReads() {
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "aws-s3")))
                .hasMessage(
                        "MODEL_STORE_STORAGE is 'aws-s3' but MODEL_STORE_AWS_BUCKET is not set. The aws-s3 storage reads: "
                                + "MODEL_STORE_AWS_BUCKET, MODEL_STORE_REGION, MODEL_STORE_AWS_ROOT_PREFIX, AWS_ENDPOINT_URL_S3, "
                                + "MODEL_STORE_AWS_S3_PATH_STYLE.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(
                        Map.of("MODEL_STORE_STORAGE", "azure-container", "MODEL_STORE_AZURE_CONTAINER", "models")))
                .hasMessage(
                        "MODEL_STORE_STORAGE is 'azure-container' but AZURE_STORAGE_CONNECTION_STRING is not set. The "
                                + "azure-container storage reads: MODEL_STORE_AZURE_CONTAINER, MODEL_STORE_AZURE_ROOT_PREFIX, "
                                + "AZURE_STORAGE_CONNECTION_STRING.");
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(Map.of("MODEL_STORE_STORAGE", "filesystem")))
                .hasMessage(
                        "MODEL_STORE_STORAGE is 'filesystem' but MODEL_STORE_ROOT_PREFIX is not set. The filesystem "
                                + "storage reads: MODEL_STORE_ROOT_PREFIX, MODEL_STORE_FILESYSTEM_CREATE.");
    }

    @Test
    void aMinioSecureSettingThatIsNeitherTrueNorFalseIsRefusedNotTakenAsHttp() {
        StoreConfig config = StoreConfig.fromMap(Map.of(
                "modelstore.storage",
                "minio",
                "modelstore.minio.endpoint",
                "h:9000",
                "modelstore.minio.access-key",
                "a",
                "modelstore.minio.secret-key",
                "s",
                "modelstore.minio.bucket",
                "models",
                "modelstore.minio.secure",
                "yes"));
        assertThatThrownBy(config::createStorage)
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.setting()).contains("secure"))
                .hasMessageStartingWith(
                        "The MinIO setting 'secure' is 'yes': give true (https, the default) or false (http).");
    }

    @Test
    void aValueThatFailsIsTracedToTheVariableItCameFrom() {
        StoreConfig config = StoreConfig.fromEnvironment(Map.of(
                "MODEL_STORE_STORAGE",
                "aws-s3",
                "MODEL_STORE_AWS_BUCKET",
                "My_Models",
                "MODEL_STORE_REGION",
                "eu-west-1"));
        assertThatThrownBy(config::createStorage)
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StorageException.Reason.INVALID_SETTINGS);
                    assertThat(e.setting()).contains("bucket");
                })
                .hasMessageStartingWith("Invalid S3 bucket name 'My_Models'")
                .hasMessageEndingWith("Did you mean 'my-models'? (The bucket was read from MODEL_STORE_AWS_BUCKET.)");

        StoreConfig fromProperties = StoreConfig.fromMap(Map.of(
                "modelstore.storage",
                "aws-s3",
                "modelstore.aws-s3.bucket",
                "my-bucket",
                "modelstore.aws-s3.region",
                "Frankfurt"));
        assertThatThrownBy(fromProperties::createStorage)
                .hasMessageEndingWith("(The region was read from modelstore.aws-s3.region.)");
    }

    @Test
    void propertiesNameAUriOrABackendWithItsKeys() {
        Properties byUri = new Properties();
        byUri.setProperty("modelstore.uri", "s3://my-bucket/ml?region=eu-central-1");
        byUri.setProperty("modelstore.aws-s3.path-style", "true");
        StoreConfig fromUri = StoreConfig.fromProperties(byUri);
        assertThat(fromUri.backendId()).isEqualTo("aws-s3");
        assertThat(fromUri.describedSettings())
                .containsEntry("bucket", "my-bucket")
                .containsEntry("path-style", "true");
        assertThat(fromUri.rootPrefix()).isEqualTo("ml");

        StoreConfig byKeys = StoreConfig.fromMap(Map.of(
                "modelstore.storage",
                "google-cloud-storage",
                "modelstore.google-cloud-storage.bucket",
                "b",
                "modelstore.google-cloud-storage.project",
                "p",
                "modelstore.root-prefix",
                "teams/a",
                "modelstore.aws-s3.bucket",
                "ignored"));
        assertThat(byKeys.describedSettings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("bucket", "b", "project", "p"));
        assertThat(byKeys.rootPrefix()).isEqualTo("teams/a");
        assertThat(byKeys.source()).isEqualTo("properties");

        assertThatThrownBy(() -> StoreConfig.fromMap(Map.of("modelstore.storage", "google-cloud-storage")))
                .hasMessage(
                        "The google-cloud-storage storage needs the setting 'bucket' (the bucket's name, such as "
                                + "my-models), but it is missing from the properties: set modelstore.google-cloud-storage.bucket.");
    }
}

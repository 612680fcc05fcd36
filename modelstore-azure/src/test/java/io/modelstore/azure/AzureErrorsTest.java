package io.modelstore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import io.modelstore.Backends;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each Azure setup error with its exact text, against Azurite where a server is involved; never a key or token in sight. */
class AzureErrorsTest {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    @TempDir
    Path tmp;

    @Test
    void aMissingConnectionStringSaysHowToSetIt() {
        assumeTrue(System.getenv("AZURE_STORAGE_CONNECTION_STRING") == null);
        assertThatThrownBy(() -> AzureBlobStorage.builder().container("models").build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS))
                .hasMessage(
                        "AZURE_STORAGE_CONNECTION_STRING is not set. Set it to the connection string of your storage "
                                + "account (Azure portal: Storage account > Access keys > Connection string; or 'export "
                                + "AZURE_STORAGE_CONNECTION_STRING=$(az storage account show-connection-string --name ACCOUNT "
                                + "--output tsv)'), or give the setting 'connection-string'.");
    }

    @Test
    void aMalformedConnectionStringIsDescribedWithoutEchoingTheKey() {
        String secret = "c2VjcmV0LWtleS1kby1ub3QtcHJpbnQ=";
        assertThatThrownBy(() -> AzureBlobStorage.builder()
                        .container("models")
                        .connectionString("DefaultEndpointsProtocol=https;AccountKey=" + secret)
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SETTINGS))
                .hasMessage(
                        "The Azure Storage connection string is malformed: it has an AccountKey but no AccountName. "
                                + "Copy it again from the Azure portal (Storage account > Access keys > Connection string) or from "
                                + "'az storage account show-connection-string --name ACCOUNT'. (The connection string is not shown "
                                + "because it holds a secret.)")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(secret));
        String pastedKeyOnly = "c2VjcmV0LWtleS1kby1ub3QtcHJpbnQ"; // a key pasted where the whole string belongs
        assertThatThrownBy(() -> AzureBlobStorage.builder()
                        .container("models")
                        .connectionString(pastedKeyOnly)
                        .build())
                .hasMessageStartingWith(
                        "The Azure Storage connection string is malformed: a part has no 'Name=value' form.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pastedKeyOnly));
        assertThatThrownBy(() -> AzureBlobStorage.builder()
                        .container("models")
                        .connectionString("AccountName=acct;EndpointSuffix=core.windows.net")
                        .build())
                .hasMessageStartingWith(
                        "The Azure Storage connection string is malformed: it has neither AccountKey nor "
                                + "SharedAccessSignature.");
    }

    @Test
    void anInvalidContainerNameIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> server.storage("My_Models").build())
                .isInstanceOf(ModelStoreException.class)
                .hasMessage(
                        "Invalid Azure Blob container name 'My_Models': container names are 3 to 63 lowercase letters, "
                                + "digits and single hyphens, beginning and ending with a letter or digit. Did you mean 'my-models'?");
        assertThatThrownBy(() -> server.storage("ab").build()).hasMessageContaining("3 to 63");
    }

    @Test
    void aMissingContainerIsReportedAndNotCreated() {
        assertThatThrownBy(() -> server.storage("no-such-container").build())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND);
                    assertThat(e.setting()).contains("container");
                })
                .hasMessage("Failed to set up the Azure Blob storage: container 'no-such-container' does not exist (at "
                        + server.endpoint()
                        + "). Create it first ('az storage container create --name no-such-container'), "
                        + "or fix its name: modelstore does not create containers.");
        assertThat(service().getBlobContainerClient("no-such-container").exists())
                .isFalse();
    }

    @Test
    void deniedAccessIsReportedWithoutTheKey() {
        String container = server.newContainer();
        String wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
        String connection = server.connectionString().replace(AzuriteServer.KEY, wrongKey);
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> AzureBlobStorage.builder()
                            .container(container)
                            .connectionString(connection)
                            .build())
                    .isInstanceOfSatisfying(
                            StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                    .hasMessage("Failed to set up the Azure Blob storage: access to container '" + container
                            + "' is denied "
                            + "(HTTP 403, AuthorizationFailure). Check that these credentials are right and may read, write, "
                            + "list and delete in container '" + container
                            + "' (the account key, SAS token or identity may "
                            + "be wrong, expired or lack permissions).")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain(wrongKey));
        } finally {
            System.setErr(err);
        }
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .doesNotContain(wrongKey)
                .doesNotContain(AzuriteServer.KEY);
    }

    @Test
    void anUnreachableEndpointNamesItAndTheLikelyCauses() {
        int port = AzuriteServer.freePort();
        String endpoint = "http://127.0.0.1:" + port + "/devstoreaccount1";
        assertThatThrownBy(() -> AzureBlobStorage.builder()
                        .container("models")
                        .connectionString(server.connectionString().replace(server.endpoint(), endpoint))
                        .retries(1, Duration.ofSeconds(5))
                        .build())
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageStartingWith("Failed to set up the Azure Blob storage: cannot reach the endpoint " + endpoint
                        + " (java.net.ConnectException")
                .hasMessageEndingWith(
                        "). Likely causes: a wrong account name or BlobEndpoint in the connection string, or "
                                + "no network route or proxy to it from here.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AzuriteServer.KEY));
    }

    @Test
    void aSasTokenWorksAndIsNeverPrinted() throws IOException {
        String container = server.newContainer();
        String sas = service()
                .generateAccountSas(new AccountSasSignatureValues(
                        OffsetDateTime.now(ZoneOffset.UTC).plusHours(1),
                        AccountSasPermission.parse("rwdlac"),
                        new AccountSasService().setBlobAccess(true),
                        AccountSasResourceType.parse("sco")));
        AzureBlobStorage storage = AzureBlobStorage.builder()
                .container(container)
                .endpoint(server.endpoint())
                .sasToken(sas)
                .build();
        try (ModelStore store = ModelStore.fromStorage(storage)) {
            ModelMetadata meta = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "via sas"));
            assertThat(store.listModels("d")).containsExactly(meta.modelId());
            assertThat(storage.toString() + storage.describe() + meta.toJson())
                    .doesNotContain(sas)
                    .doesNotContain("sig=");
        }
        assertThatThrownBy(() -> AzureBlobStorage.builder()
                        .container(container)
                        .endpoint(server.endpoint() + "?" + sas)
                        .build())
                .hasMessage(
                        "The Azure Blob endpoint has a query string: give the SAS token with sasToken(...) instead, so "
                                + "that it is never printed.");
    }

    @Test
    void theCatalogBackendWritesPythonsStorageObject() throws IOException {
        String container = server.newContainer();
        var storage = Backends.discover()
                .provider("azure-container")
                .create(Map.of("container", container, "connection-string", server.connectionString()));
        try (ModelStore store = ModelStore.fromStorage(storage, "team")) {
            ModelMetadata meta = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"));
            assertThat(meta.storage())
                    .containsEntry("type", "azure:blob-storage")
                    .containsEntry("container", container);
            assertThat((String) meta.storage().get("prefix"))
                    .startsWith("team/operatorai-model-store/d/")
                    .endsWith("/" + meta.modelId() + "/artifacts.tar.gz");
            assertThat(store.toString()).doesNotContain(AzuriteServer.KEY);
        }
    }

    private static com.azure.storage.blob.BlobServiceClient service() {
        return new BlobServiceClientBuilder()
                .connectionString(server.connectionString())
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient();
    }

    private static String chain(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}

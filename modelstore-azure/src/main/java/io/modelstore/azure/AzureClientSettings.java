package io.modelstore.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.modelstore.spi.Endpoints;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.net.URI;
import java.time.Duration;

/**
 * What an {@link AzureBlobStorage.Builder} was given, as azure-storage-blob's client takes it: the account from a
 * connection string or from an endpoint with a SAS token or a token credential, checked first for what the SDK would
 * take wrongly or show (an endpoint with user info or a query, a refused connection string), the retries, and the
 * check of the container.
 *
 * @param connectionString null: {@code AZURE_STORAGE_CONNECTION_STRING}, unless an endpoint is given; never printed
 * @param endpoint         null: the connection string's
 * @param sasToken         for {@code endpoint}; never printed
 * @param credential       for {@code endpoint}, when no SAS token is given
 * @param tryTimeout       null: the SDK's
 */
record AzureClientSettings(
        String container,
        String connectionString,
        String endpoint,
        String sasToken,
        TokenCredential credential,
        int maxTries,
        Duration tryTimeout) {

    /** The container's client, with the account and the blob endpoint as messages name them. */
    record Client(BlobContainerClient container, String account, String endpoint) {}

    /**
     * The SDK's client for these settings; no request is made.
     *
     * @throws StorageException for an invalid endpoint, missing credentials, or a connection string the SDK refuses;
     *                          never with a key or token in its message
     */
    Client open() {
        BlobServiceClientBuilder service = new BlobServiceClientBuilder()
                .httpClient(new JdkHttpClientBuilder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .build())
                .retryOptions(
                        new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxTries, tryTimeout, null, null, null));
        String account;
        String blobEndpoint;
        if (endpoint != null) {
            // Before the URL is parsed or shown: it is shown in descriptions and errors.
            Endpoints.requireNoUserInfo(
                    endpoint, "The Azure Blob endpoint", "endpoint", "with sasToken(...) or credential(...)");
            URI url;
            try {
                url = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                url = null;
            }
            if (url == null || url.getScheme() == null || url.getHost() == null) {
                throw AzureNames.invalid(
                        "Invalid Azure Blob endpoint '" + endpoint.replaceAll("\\?.*", "?...")
                                + "': give the account's URL, such as https://ACCOUNT.blob.core.windows.net.",
                        "endpoint");
            }
            if (url.getQuery() != null) {
                throw AzureNames.invalid(
                        "The Azure Blob endpoint has a query string: give the SAS token with "
                                + "sasToken(...) instead, so that it is never printed.",
                        "endpoint");
            }
            blobEndpoint = endpoint.replaceAll("/+$", "");
            account = url.getHost().split("\\.", -1)[0];
            service.endpoint(blobEndpoint);
            if (sasToken != null) {
                service.credential(new AzureSasCredential(sasToken.startsWith("?") ? sasToken.substring(1) : sasToken));
            } else if (credential != null) {
                service.credential(credential);
            } else {
                throw new StorageException(
                        Reason.NO_CREDENTIALS,
                        "An Azure Blob endpoint needs a SAS token "
                                + "(sasToken(...)) or a credential (credential(...)), or use a connection string instead.",
                        null);
            }
        } else {
            String value =
                    connectionString != null ? connectionString : System.getenv("AZURE_STORAGE_CONNECTION_STRING");
            if (value == null) {
                throw new StorageException(
                        Reason.NO_CREDENTIALS,
                        "AZURE_STORAGE_CONNECTION_STRING is not set. Set it to the connection string "
                                + "of your storage account (Azure portal: Storage account > Access keys > Connection string; or "
                                + "'export AZURE_STORAGE_CONNECTION_STRING=$(az storage account show-connection-string --name "
                                + "ACCOUNT --output tsv)'), or give the setting 'connection-string'.",
                        "connection-string",
                        null);
            }
            ConnectionString parsed = ConnectionString.parse(value);
            account = parsed.accountName();
            blobEndpoint = parsed.blobEndpoint();
            try {
                service.connectionString(value);
            } catch (IllegalArgumentException e) {
                // The SDK's message may quote the string: say only that it was refused.
                throw AzureNames.invalid(
                        "The Azure Storage connection string was refused by the Azure SDK. Copy it "
                                + "again from the Azure portal (Storage account > Access keys). (The connection string is not "
                                + "shown because it holds a secret.)",
                        "connection-string");
            }
        }
        return new Client(service.buildClient().getBlobContainerClient(container), account, blobEndpoint);
    }

    /** Checks, with one request of {@code client}, that the container exists and these credentials may use it. */
    static void checkContainer(Client client, AzureErrors errors) {
        boolean exists;
        try {
            exists = client.container().exists();
        } catch (RuntimeException e) {
            throw errors.classify(e, reason -> StorageException.because(reason).setUp("Azure Blob"));
        }
        if (!exists) {
            String name = client.container().getBlobContainerName();
            throw StorageException.because(Reason.CONTAINER_NOT_FOUND)
                    .setUp("Azure Blob")
                    .container("container", name)
                    .endpoint(client.endpoint())
                    .hint("'az storage container create --name " + name + "'")
                    .setting("container")
                    .build();
        }
    }

    // Not the record's own: that would show the connection string and the SAS token.
    @Override
    public String toString() {
        return "AzureClientSettings[container " + container + (endpoint == null ? "" : ", " + endpoint) + "]";
    }
}

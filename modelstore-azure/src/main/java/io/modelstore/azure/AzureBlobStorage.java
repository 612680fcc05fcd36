package io.modelstore.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageSupport;
import io.modelstore.spi.TransferMemory;
import io.modelstore.spi.WriteCondition;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs of one Azure Blob Storage container, through azure-storage-blob with the JDK's HTTP client.
 *
 * <p>Conditional writes use {@code If-None-Match: *} and {@code If-Match: <etag>}; files go up as blocks,
 * several at a time, read from the file as they are sent, streamed writes stage their blocks as they fill
 * ({@link AzureBlobOutput}), and downloads stream, so memory stays bounded.
 * Listings page lazily. No account key or SAS token appears in a message, a log line or {@code toString()}.
 */
public final class AzureBlobStorage implements Storage {

    /** The size of each block of an upload where the heap affords it ({@link TransferMemory}: smaller on a small heap, at least 1 MiB). */
    public static final long DEFAULT_BLOCK_SIZE = 8L << 20;
    /** How many blocks go up at once. */
    public static final int DEFAULT_PARALLELISM = 4;

    static final long MIN_BLOCK_SIZE = 1L << 20;
    private static final int READ_BLOCK = 16 << 20;
    private static final int MAX_STREAMED_BLOCK = 64 << 20;
    private static final int MAX_LIST_PAGE = 5_000;

    private final BlobContainerClient container;
    private final String account;
    private final int listPageSize;
    private final AzureErrors errors;
    private final AzureConditionalWrites writes;

    private AzureBlobStorage(
            BlobContainerClient container,
            String account,
            String endpoint,
            ParallelTransferOptions transfer,
            int listPageSize) {
        this.container = container;
        this.account = account;
        this.listPageSize = listPageSize;
        this.errors = new AzureErrors(container.getBlobContainerName(), endpoint);
        this.writes = new AzureConditionalWrites(container, transfer, errors, describe());
    }

    /**
     * Starts configuring an Azure Blob storage.
     *
     * @return a builder with the defaults below
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The container's name.
     *
     * @return the name, such as {@code models}
     */
    public String containerName() {
        return container.getBlobContainerName();
    }

    @Override
    public String describe() {
        return "azure://" + account + "/" + containerName();
    }

    @Override
    public Map<String, Object> location(String key) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("type", "azure:blob-storage");
        location.put("container", containerName());
        location.put("prefix", key);
        return location;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        try {
            BlobProperties p = container.getBlobClient(key).getProperties();
            return Optional.of(new BlobInfo(key, p.getBlobSize(), instant(p.getLastModified()), p.getETag()));
        } catch (BlobStorageException e) {
            if (AzureErrors.isBlobMissing(e)) {
                return Optional.empty();
            }
            throw failure("read the attributes of", key, e);
        } catch (RuntimeException e) {
            throw failure("read the attributes of", key, e);
        }
    }

    @Override
    public InputStream read(String key) {
        return read(key, 0);
    }

    @Override
    public InputStream read(String key, long offset) {
        try {
            // Larger blocks than the SDK's 4 MiB: fewer round trips on large archives (one block in memory).
            BlobInputStreamOptions options = new BlobInputStreamOptions().setBlockSize(READ_BLOCK);
            if (offset > 0) {
                options.setRange(new BlobRange(offset));
            }
            return container.getBlobClient(key).openInputStream(options);
        } catch (BlobStorageException e) {
            if (AzureErrors.isBlobMissing(e)) {
                throw new BlobNotFoundException(key);
            }
            throw failure("read", key, e);
        } catch (RuntimeException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        return writes.upload(key, BinaryData.fromBytes(content), condition);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        return writes.upload(key, source, condition);
    }

    /**
     * Stages blocks of the upload's block size as they fill, the upload's parallelism of them at once, and commits
     * the block list under the condition; a blob of one block is a single upload.
     */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        // Held in memory, (parallelism + 1) of them: capped whatever block size was set for file uploads.
        int blockSize = (int) Math.min(writes.transfer().getBlockSizeLong(), MAX_STREAMED_BLOCK);
        return new AzureBlobOutput(
                writes,
                container.getBlobClient(key).getBlockBlobClient(),
                key,
                condition,
                blockSize,
                writes.transfer().getMaxConcurrency());
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        Iterator<BlobItem> items;
        try {
            items = container
                    .listBlobs(new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(listPageSize), null)
                    .iterator();
        } catch (RuntimeException e) {
            throw failure("list", prefix + "*", e);
        }
        return StorageSupport.lazyListing(
                items,
                item -> {
                    var props = item.getProperties();
                    return new BlobInfo(
                            item.getName(),
                            props.getContentLength() == null ? 0 : props.getContentLength(),
                            instant(props.getLastModified()),
                            props.getETag() == null ? "" : props.getETag());
                },
                e -> failure("list", prefix + "*", e));
    }

    @Override
    public boolean delete(String key) {
        try {
            return container.getBlobClient(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String toString() {
        return "AzureBlobStorage[" + describe() + "]";
    }

    private StorageException failure(String action, String key, RuntimeException e) {
        return errors.failure(action, key, e, describe());
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? Instant.EPOCH : t.toInstant();
    }

    /**
     * Configures an {@link AzureBlobStorage}. The account comes from a connection string (by default
     * {@code AZURE_STORAGE_CONNECTION_STRING}, as in Python), or from an endpoint with a SAS token or a
     * {@link TokenCredential} (such as azure-identity's {@code DefaultAzureCredential}).
     *
     * <pre>{@code
     * Storage storage = AzureBlobStorage.builder()
     *         .container("models")
     *         .connectionString(System.getenv("AZURE_STORAGE_CONNECTION_STRING"))
     *         .build();
     * ModelStore store = ModelStore.fromStorage(storage, "teams/fraud");
     * }</pre>
     */
    public static final class Builder {
        private String container;
        private String connectionString;
        private String endpoint;
        private String sasToken;
        private TokenCredential credential;
        // The SDK's own file uploads hold blocks too: the same rule as the streamed writes' (PiecewiseBlobOutput).
        private long blockSize =
                TransferMemory.ofThisHeap().pieceSize(DEFAULT_BLOCK_SIZE, MIN_BLOCK_SIZE, DEFAULT_PARALLELISM);
        private int parallelism = DEFAULT_PARALLELISM;
        private int maxTries = 4;
        private Duration tryTimeout;
        private boolean checkContainer = true;
        private int listPageSize = MAX_LIST_PAGE;

        private Builder() {}

        /**
         * The container's name: 3 to 63 lowercase letters, digits and single hyphens.
         *
         * @param name the container's name
         * @return this builder
         */
        public Builder container(String name) {
            this.container = name;
            return this;
        }

        /**
         * The storage account's connection string; never printed. Default: {@code AZURE_STORAGE_CONNECTION_STRING}.
         *
         * @param value the connection string, as the Azure portal gives it
         * @return this builder
         */
        public Builder connectionString(String value) {
            this.connectionString = value;
            return this;
        }

        /**
         * The account's blob endpoint, such as {@code https://ACCOUNT.blob.core.windows.net}, with a SAS token or a
         * credential; the URL itself holds no credentials ({@link #build()} refuses user info and a query).
         *
         * @param url the blob endpoint's URL, without user info or query
         * @return this builder
         */
        public Builder endpoint(String url) {
            this.endpoint = url;
            return this;
        }

        /**
         * A SAS token for {@link #endpoint(String)}; never printed.
         *
         * @param token the SAS token, with or without its leading {@code ?}
         * @return this builder
         */
        public Builder sasToken(String token) {
            this.sasToken = token;
            return this;
        }

        /**
         * A token credential for {@link #endpoint(String)}, such as {@code new DefaultAzureCredentialBuilder().build()}.
         *
         * @param tokenCredential the credential that signs requests
         * @return this builder
         */
        public Builder credential(TokenCredential tokenCredential) {
            this.credential = tokenCredential;
            return this;
        }

        /**
         * The size of each uploaded block; default 8 MiB.
         *
         * @param bytes the size of a block in bytes
         * @return this builder
         */
        public Builder blockSize(long bytes) {
            this.blockSize = Math.max(bytes, MIN_BLOCK_SIZE);
            return this;
        }

        /**
         * How many blocks go up at once; default 4.
         *
         * @param threads how many blocks at once
         * @return this builder
         */
        public Builder parallelism(int threads) {
            this.parallelism = Math.max(1, threads);
            return this;
        }

        /**
         * How many times a request is tried (default 4, the SDK's), and how long each try may take.
         *
         * @param tries how many times a request is tried, the first included
         * @param timeoutPerTry how long each try may take
         * @return this builder
         */
        public Builder retries(int tries, Duration timeoutPerTry) {
            this.maxTries = Math.max(1, tries);
            this.tryTimeout = timeoutPerTry;
            return this;
        }

        /**
         * How many blobs each listing request asks for: 1 to 5,000, the service's maximum and the default.
         *
         * @param blobs blobs per listing request, 1 to 5,000
         * @return this builder
         * @throws IllegalArgumentException when {@code blobs} is out of that range
         */
        public Builder listPageSize(int blobs) {
            if (blobs < 1 || blobs > MAX_LIST_PAGE) {
                throw new IllegalArgumentException(
                        "A listing page holds 1 to " + MAX_LIST_PAGE + " blobs, not " + blobs);
            }
            this.listPageSize = blobs;
            return this;
        }

        /**
         * Whether {@link #build()} checks that the container exists and is accessible; default true.
         *
         * @param check false to open the storage without a request
         * @return this builder
         */
        public Builder checkContainer(boolean check) {
            this.checkContainer = check;
            return this;
        }

        /**
         * Checks the container name and the credentials' form, opens the client and checks the container.
         *
         * @return the storage, open
         * @throws StorageException with what to do; never with a key or token in its message
         */
        public AzureBlobStorage build() {
            AzureNames.checkContainerName(container);
            AzureClientSettings settings = new AzureClientSettings(
                    container, connectionString, endpoint, sasToken, credential, maxTries, tryTimeout);
            AzureClientSettings.Client client = settings.open();
            ParallelTransferOptions transfer = new ParallelTransferOptions()
                    .setBlockSizeLong(blockSize)
                    .setMaxConcurrency(parallelism)
                    .setMaxSingleUploadSizeLong(blockSize);
            AzureBlobStorage storage = new AzureBlobStorage(
                    client.container(), client.account(), client.endpoint(), transfer, listPageSize);
            if (checkContainer) {
                AzureClientSettings.checkContainer(client, storage.errors);
            }
            return storage;
        }
    }
}

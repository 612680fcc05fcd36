package io.modelstore.gcp;

import com.google.api.gax.paging.Page;
import com.google.auth.Credentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageOptions;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageSupport;
import io.modelstore.spi.TransferMemory;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Objects of one Google Cloud Storage bucket, through google-cloud-storage's JSON API client.
 *
 * <p>Conditional writes use {@code ifGenerationMatch} (0 for create-new); files go up as resumable uploads, not
 * gzipped again on the way (the archives are gzip already), one chunk in memory at a time; streamed writes send
 * their chunks while the next fills ({@link GcsBlobOutput}); downloads stream one generation; listings follow page
 * tokens lazily. Without a project the client is anonymous: it reads public buckets, and every write fails with a
 * clear read-only error.
 */
public final class GcsStorage implements Storage {

    /** The chunk of a resumable upload held in memory at a time, where the heap affords it ({@link TransferMemory}). */
    public static final int DEFAULT_CHUNK_SIZE = 16 << 20;

    /** {@link #DEFAULT_CHUNK_SIZE}, or what {@link TransferMemory} gives on a small heap, at least 256 KiB (GCS's chunk unit). */
    static int defaultChunkSize() {
        return (int) TransferMemory.ofThisHeap()
                .pieceSize(DEFAULT_CHUNK_SIZE, GcsBlobOutput.CHUNK_UNIT, GcsBlobOutput.IN_FLIGHT);
    }

    private final com.google.cloud.storage.Storage gcs;
    private final String bucket;
    private final boolean anonymous;
    private final int chunkSize;
    private final GcsErrors errors;
    private final GcsConditionalWrites writes;

    private GcsStorage(
            com.google.cloud.storage.Storage gcs, String bucket, String host, boolean anonymous, int chunkSize) {
        this.gcs = gcs;
        this.bucket = bucket;
        this.anonymous = anonymous;
        this.chunkSize = chunkSize;
        this.errors = new GcsErrors(bucket, host, anonymous);
        this.writes = new GcsConditionalWrites(gcs, bucket, errors);
    }

    /**
     * Starts configuring a Google Cloud Storage storage.
     *
     * @return a builder with the defaults below
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A storage on an existing client, such as Google's in-memory fake; the bucket is not checked.
     *
     * @param client the client that makes the requests; closing the storage closes it
     * @param bucket the bucket's name
     * @return the storage on that bucket
     */
    public static GcsStorage of(com.google.cloud.storage.Storage client, String bucket) {
        GcsNames.checkBucketName(bucket);
        return new GcsStorage(client, bucket, client.getOptions().getHost(), false, defaultChunkSize());
    }

    /**
     * The bucket's name.
     *
     * @return the name, such as {@code my-models}
     */
    public String bucket() {
        return bucket;
    }

    /**
     * Whether this storage reads anonymously and refuses writes.
     *
     * @return true when it has no credentials, so writes are refused
     */
    public boolean isAnonymous() {
        return anonymous;
    }

    @Override
    public String describe() {
        return "gs://" + bucket + (anonymous ? " (anonymous, read-only)" : "");
    }

    @Override
    public Map<String, Object> location(String key) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("type", "google:cloud-storage");
        location.put("bucket", bucket);
        location.put("prefix", key);
        return location;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        try {
            return Optional.ofNullable(gcs.get(BlobId.of(bucket, key))).map(GcsStorage::info);
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
        Blob blob;
        try {
            blob = gcs.get(BlobId.of(bucket, key));
        } catch (RuntimeException e) {
            throw failure("read", key, e);
        }
        if (blob == null) {
            throw new BlobNotFoundException(key);
        }
        // Not pinned to the generation just seen: a blob replaced meanwhile reads as its newer whole (the
        // channel keeps to the generation of its first response, so two versions never mix).
        ReadChannel channel = gcs.reader(BlobId.of(bucket, key));
        channel.setChunkSize(2 << 20);
        try {
            channel.seek(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e instanceof RuntimeException r
                    ? failure("read", key, r)
                    : new StorageException(
                            Reason.TRANSIENT,
                            "Cannot read gs://" + bucket + "/" + key + " from byte " + offset + ": " + e,
                            e);
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        refuseWhenAnonymous(key);
        return writes.upload(
                key,
                condition,
                (info, precondition) -> gcs.create(info, content, GcsConditionalWrites.targetOptions(precondition)));
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        refuseWhenAnonymous(key);
        // Archives are gzip already: not gzipped again on the way.
        return writes.upload(
                key,
                condition,
                (info, precondition) ->
                        gcs.createFrom(info, source, chunkSize, GcsConditionalWrites.writeOptions(precondition)));
    }

    /**
     * A resumable upload whose chunks go up while the next fills, committed by finalising it; a blob of one chunk is
     * a single request.
     */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        refuseWhenAnonymous(key);
        return new GcsBlobOutput(writes, key, writes.target(key, condition), chunkSize);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        Iterator<Blob> blobs;
        try {
            Page<Blob> first = gcs.list(bucket, BlobListOption.prefix(prefix));
            blobs = first.iterateAll().iterator();
        } catch (RuntimeException e) {
            throw failure("list", prefix + "*", e);
        }
        return StorageSupport.lazyListing(blobs, GcsStorage::info, e -> failure("list", prefix + "*", e));
    }

    @Override
    public boolean delete(String key) {
        refuseWhenAnonymous(key);
        try {
            return gcs.delete(BlobId.of(bucket, key));
        } catch (RuntimeException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void close() {
        try {
            gcs.close();
        } catch (Exception e) {
            // nothing is lost: the client held no unsent data
        }
    }

    @Override
    public String toString() {
        return "GcsStorage[" + describe() + "]";
    }

    private StorageException failure(String action, String key, RuntimeException e) {
        return errors.failure(action, key, e);
    }

    private static BlobInfo info(Blob blob) {
        Long size = blob.getSize();
        OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
        return new BlobInfo(
                blob.getName(),
                size == null ? 0 : size,
                updated == null ? Instant.EPOCH : updated.toInstant(),
                String.valueOf(blob.getGeneration()));
    }

    private void refuseWhenAnonymous(String key) {
        if (anonymous) {
            throw StorageException.because(Reason.ACCESS_DENIED)
                    .cannot("write", "gs://" + bucket + "/" + key)
                    .container("bucket", bucket)
                    .detail("this store is read-only: anonymous access, as no project was given")
                    .hint(
                            "to write, give the setting 'project' and credentials: 'gcloud auth application-default login' "
                                    + "or GOOGLE_APPLICATION_CREDENTIALS")
                    .setting("project")
                    .build();
        }
    }

    /**
     * Configures a {@link GcsStorage}. With a project, credentials are Application Default Credentials unless
     * given; without one, the client is anonymous and read-only, as Python's is.
     *
     * <pre>{@code
     * Storage storage = GcsStorage.builder().project("my-project").bucket("my-models").build();
     * ModelStore store = ModelStore.fromStorage(storage, "teams/fraud");
     * }</pre>
     */
    public static final class Builder {
        private String project;
        private String bucket;
        private Credentials credentials;
        private String host;
        private int chunkSize = defaultChunkSize();
        private int maxAttempts;
        private boolean checkBucket = true;

        private Builder() {}

        /**
         * The project that pays for requests; without one, the client is anonymous and read-only.
         *
         * @param id the project's id; null for an anonymous client
         * @return this builder
         */
        public Builder project(String id) {
            this.project = id;
            return this;
        }

        /**
         * The bucket's name, such as {@code my-models} (not {@code gs://my-models}).
         *
         * @param name the bucket's name
         * @return this builder
         */
        public Builder bucket(String name) {
            this.bucket = name;
            return this;
        }

        /**
         * Credentials to use instead of Application Default Credentials.
         *
         * @param value the credentials that sign requests
         * @return this builder
         */
        public Builder credentials(Credentials value) {
            this.credentials = value;
            return this;
        }

        /**
         * Another JSON API endpoint, such as an emulator's {@code http://127.0.0.1:4443}; requests carry no credentials,
         * and so neither does the URL: {@link #build()} refuses user info.
         *
         * @param url the endpoint's URL, without user info
         * @return this builder
         */
        public Builder host(String url) {
            this.host = url;
            return this;
        }

        /**
         * The chunk of a resumable upload held in memory; default 16 MiB.
         *
         * @param bytes the size of a chunk in bytes
         * @return this builder
         */
        public Builder chunkSize(int bytes) {
            this.chunkSize = Math.max(bytes, 256 << 10);
            return this;
        }

        /**
         * How many times a request is tried; default: the client's retry settings.
         *
         * @param attempts how many times a request is tried, the first included
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = Math.max(1, attempts);
            return this;
        }

        /**
         * Whether {@link #build()} checks that the bucket exists and is accessible; default true.
         *
         * @param check false to open the storage without a request
         * @return this builder
         */
        public Builder checkBucket(boolean check) {
            this.checkBucket = check;
            return this;
        }

        /**
         * Checks the bucket name, finds credentials, opens the client and checks the bucket.
         *
         * @return the storage, open
         */
        public GcsStorage build() {
            GcsNames.checkBucketName(bucket);
            GcsClientSettings settings = new GcsClientSettings(project, credentials, host, maxAttempts);
            StorageOptions built = settings.options();
            GcsStorage storage =
                    new GcsStorage(built.getService(), bucket, built.getHost(), settings.anonymous(), chunkSize);
            if (checkBucket) {
                GcsClientSettings.checkBucket(built, storage.errors);
            }
            return storage;
        }
    }
}

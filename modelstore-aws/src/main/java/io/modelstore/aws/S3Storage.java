package io.modelstore.aws;

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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects of one S3 bucket, through the AWS SDK for Java v2 (AWS, or any S3-compatible server through
 * an endpoint override).
 *
 * <p>Conditional writes use {@code If-None-Match: *} and {@code If-Match: <etag>}, also on the completion of a
 * multipart upload, so concurrent writers cannot overwrite each other. Writes stream: past one part
 * each part goes up as soon as it is full, several at a time, so memory stays bounded whatever the size.
 * Listings page lazily with ListObjectsV2.
 */
public final class S3Storage implements Storage {

    /**
     * The size of each part of a multipart upload where the heap affords it ({@link TransferMemory}: smaller heaps get
     * smaller parts, down to S3's minimum of 5 MiB, and fewer in flight); a blob of at most one part goes up as one PUT.
     */
    public static final long DEFAULT_PART_SIZE = 16L << 20;

    static final long MIN_PART_SIZE = 5L << 20;
    /** How many parts go up at once. */
    public static final int DEFAULT_PARALLELISM = 4;

    private final S3Client s3;
    private final String bucket;
    private final String type;
    private final String endpoint;
    private final long partSize;
    private final int parallelism;
    private final S3UnfinishedUploads unfinished;
    private final S3ConditionalWrites writes;

    private S3Storage(Builder b, S3Client s3) {
        this.s3 = s3;
        this.bucket = b.bucket;
        this.type = b.storageType;
        this.endpoint = b.endpointDescription(System.getenv());
        this.partSize = b.partSize;
        this.parallelism = b.parallelism;
        this.unfinished = new S3UnfinishedUploads(s3, bucket, endpoint);
        this.writes = new S3ConditionalWrites(s3, bucket, endpoint);
    }

    /**
     * Starts configuring an S3 storage.
     *
     * @return a builder with the defaults below
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bucket's name.
     *
     * @return the name, such as {@code my-models}
     */
    public String bucket() {
        return bucket;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (endpoint.startsWith("AWS") ? "" : " at " + endpoint);
    }

    @Override
    public Map<String, Object> location(String key) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("type", type);
        location.put("bucket", bucket);
        location.put("prefix", key);
        return location;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
            return Optional.of(new BlobInfo(key, head.contentLength(), orEpoch(head.lastModified()), head.eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !S3Errors.isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw S3Errors.operation(e, "read the attributes of", bucket, key, endpoint);
        } catch (SdkException e) {
            throw S3Errors.operation(e, "read the attributes of", bucket, key, endpoint);
        }
    }

    @Override
    public InputStream read(String key) {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !S3Errors.isNoSuchBucket(e)) {
                throw new BlobNotFoundException(key);
            }
            throw S3Errors.operation(e, "read", bucket, key, endpoint);
        } catch (SdkException e) {
            throw S3Errors.operation(e, "read", bucket, key, endpoint);
        }
    }

    @Override
    public InputStream read(String key, long offset) {
        if (offset == 0) {
            return read(key);
        }
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=" + offset + "-"));
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !S3Errors.isNoSuchBucket(e)) {
                throw new BlobNotFoundException(key);
            }
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // at or past the end
            }
            throw S3Errors.operation(e, "read", bucket, key, endpoint);
        } catch (SdkException e) {
            throw S3Errors.operation(e, "read", bucket, key, endpoint);
        }
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        return writes.put(key, RequestBody.fromBytes(content), condition);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        try (BlobOutput out = openWrite(key, condition)) {
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new StorageException(
                        Reason.LOCAL_IO,
                        "Cannot read " + source + " to upload it to s3://" + bucket + "/" + key + ": " + e,
                        e);
            }
            return out.commit();
        }
    }

    /** Streams into one PUT, or into a multipart upload past the threshold (see {@link S3BlobOutput}). */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new S3BlobOutput(writes, key, condition, Math.min(partSize, 1L << 30), parallelism);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        Iterator<S3Object> objects;
        try {
            objects = s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                    .contents()
                    .iterator();
        } catch (SdkException e) {
            throw S3Errors.operation(e, "list", bucket, prefix + "*", endpoint);
        }
        return StorageSupport.lazyListing(
                objects,
                o -> new BlobInfo(
                        o.key(),
                        o.size() == null ? 0 : o.size(),
                        orEpoch(o.lastModified()),
                        Objects.requireNonNullElse(o.eTag(), "")),
                e -> e instanceof SdkException sdk
                        ? S3Errors.operation(sdk, "list", bucket, prefix + "*", endpoint)
                        : e);
    }

    @Override
    public boolean delete(String key) {
        if (stat(key).isEmpty()) {
            return false; // S3 answers 204 either way
        }
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw S3Errors.operation(e, "delete", bucket, key, endpoint);
        }
    }

    /** Multipart uploads below {@code prefix} begun before {@code before} and never completed or aborted (a crash). */
    @Override
    public List<String> leftovers(String prefix, Instant before) {
        return unfinished.describe(prefix, before);
    }

    @Override
    public void removeLeftovers(String prefix, Instant before) {
        unfinished.abort(prefix, before);
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + describe() + "]";
    }

    private static Instant orEpoch(Instant t) {
        return t == null ? Instant.EPOCH : t;
    }

    /**
     * Configures an {@link S3Storage}. Only the bucket is required: the region, credentials and endpoint come from
     * the AWS SDK's default chains unless given.
     *
     * <pre>{@code
     * Storage storage = S3Storage.builder()
     *         .bucket("my-models")
     *         .region("eu-central-1")
     *         .build();
     * ModelStore store = ModelStore.fromStorage(storage, "teams/fraud");
     * }</pre>
     */
    public static final class Builder {
        private String bucket;
        private String region;
        private URI endpointOverride;
        private Boolean forcePathStyle;
        private AwsCredentialsProvider credentials;
        private String storageType = "aws:s3";
        private String backendName = "AWS S3";
        private long partSize = DEFAULT_PART_SIZE; // what each write takes of it is TransferMemory's to say
        private int parallelism = DEFAULT_PARALLELISM;
        private boolean checkBucket = true;

        private Builder() {}

        /**
         * The bucket's name, such as {@code my-models} (not {@code s3://my-models}).
         *
         * @param name the bucket's name
         * @return this builder
         */
        public Builder bucket(String name) {
            this.bucket = name;
            return this;
        }

        /**
         * The region's code, such as {@code eu-central-1}; default: the SDK's region chain ({@code AWS_REGION}, profile).
         *
         * @param code the region's code
         * @return this builder
         */
        public Builder region(String code) {
            this.region = code;
            return this;
        }

        /**
         * The URL of an S3-compatible server, such as {@code http://127.0.0.1:9000}; default: AWS, or the endpoint the
         * SDK finds ({@code AWS_ENDPOINT_URL_S3}...). Without credentials: {@link #build()} refuses user info.
         *
         * @param endpoint the server's URL, without user info
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        /**
         * Path-style addressing ({@code host/bucket/key}); default: on with an endpoint override, off for AWS.
         *
         * @param pathStyle true for path-style addressing, false for virtual hosts ({@code bucket.host/key})
         * @return this builder
         */
        public Builder forcePathStyle(boolean pathStyle) {
            this.forcePathStyle = pathStyle;
            return this;
        }

        /**
         * Where credentials come from; default: the SDK's default chain (environment, profiles, web identity, roles).
         *
         * @param provider where the SDK gets credentials
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentials = provider;
            return this;
        }

        /**
         * Fixed access and secret keys (MinIO and other S3-compatible servers); never logged or printed.
         *
         * @param accessKey the access key, not empty
         * @param secretKey the secret key, not empty
         * @return this builder
         */
        public Builder staticCredentials(String accessKey, String secretKey) {
            if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
                throw new StorageException(
                        Reason.INVALID_SETTINGS,
                        "Both an access key and a secret key are needed; one " + "of them is empty.",
                        accessKey == null || accessKey.isEmpty() ? "access-key" : "secret-key",
                        null);
            }
            this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
            return this;
        }

        /**
         * The size of each part; default 16 MiB, at least 5 MiB (S3's minimum). A write takes smaller parts, and fewer
         * at once, where these would not fit this heap ({@link TransferMemory}), as every way of opening a store does.
         *
         * @param bytes the size of a part in bytes; less than 5 MiB counts as 5 MiB
         * @return this builder
         */
        public Builder partSize(long bytes) {
            this.partSize = Math.max(bytes, MIN_PART_SIZE);
            return this;
        }

        /**
         * How many parts go up at once; default 4 (fewer where the heap is small, see {@link #partSize}).
         *
         * @param threads how many parts at once; less than 1 counts as 1
         * @return this builder
         */
        public Builder parallelism(int threads) {
            this.parallelism = Math.max(1, threads);
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

        Builder minio(String endpointAsGiven) {
            this.storageType = "minio:" + endpointAsGiven;
            this.backendName = "MinIO";
            return this;
        }

        String endpointDescription(Map<String, String> env) {
            return clientSettings().endpointDescription(env);
        }

        private S3ClientSettings clientSettings() {
            return new S3ClientSettings(
                    bucket,
                    region,
                    endpointOverride,
                    forcePathStyle,
                    credentials,
                    parallelism,
                    storageType.startsWith("minio:"),
                    backendName);
        }

        /**
         * Checks the bucket name and region, opens the client and checks that the bucket exists and these
         * credentials may use it.
         *
         * @return the storage, open
         * @throws io.modelstore.spi.StorageException with what to do, before any request for a bad name or region, or
         *                                            for an endpoint with credentials (user info)
         */
        public S3Storage build() {
            S3Names.bucket(bucket);
            S3ClientSettings settings = clientSettings();
            S3Storage storage = new S3Storage(this, settings.open());
            if (checkBucket) {
                try {
                    settings.checkBucket(storage.s3, storage.endpoint);
                } catch (RuntimeException e) {
                    storage.close();
                    throw e;
                }
            }
            return storage;
        }
    }
}

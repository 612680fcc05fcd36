package io.modelstore.gcp;

import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageOptions;
import io.modelstore.ModelStore;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Endpoints;
import io.modelstore.spi.TransferMemory;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageSupport;
import io.modelstore.spi.WriteCondition;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
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
        return (int) TransferMemory.ofThisHeap().pieceSize(DEFAULT_CHUNK_SIZE, GcsBlobOutput.CHUNK_UNIT, GcsBlobOutput.IN_FLIGHT);
    }

    private static final String SERVICE = "Google Cloud Storage";

    private final com.google.cloud.storage.Storage gcs;
    private final String bucket;
    private final String host;
    private final boolean anonymous;
    private final int chunkSize;
    private final GcsErrors errors;

    private GcsStorage(com.google.cloud.storage.Storage gcs, String bucket, String host, boolean anonymous, int chunkSize) {
        this.gcs = gcs;
        this.bucket = bucket;
        this.host = host;
        this.anonymous = anonymous;
        this.chunkSize = chunkSize;
        this.errors = new GcsErrors(bucket, host, anonymous);
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
            throw e instanceof RuntimeException r ? failure("read", key, r)
                    : new StorageException(Reason.TRANSIENT, "Cannot read gs://" + bucket + "/" + key + " from byte " + offset
                    + ": " + e, e);
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        return upload(key, condition, (info, precondition) -> gcs.create(info, content, targetOptions(precondition)));
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        // Archives are gzip already: not gzipped again on the way.
        return upload(key, condition, (info, precondition) -> gcs.createFrom(info, source, chunkSize, writeOptions(precondition)));
    }

    /**
     * A resumable upload whose chunks go up while the next fills, committed by finalising it; a blob of one chunk is
     * a single request.
     */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new GcsBlobOutput(this, key, target(key, condition), chunkSize);
    }

    enum Precondition { NONE, DOES_NOT_EXIST, GENERATION_MATCH }

    /** Where a conditional write goes: the object (with the expected generation) and the precondition to send. */
    record Target(com.google.cloud.storage.BlobInfo info, Precondition precondition) {
    }

    interface Upload {
        void send(com.google.cloud.storage.BlobInfo info, Precondition precondition) throws IOException;
    }

    static BlobTargetOption[] targetOptions(Precondition precondition, BlobTargetOption... more) {
        BlobTargetOption condition = switch (precondition) {
            case DOES_NOT_EXIST -> BlobTargetOption.doesNotExist();
            case GENERATION_MATCH -> BlobTargetOption.generationMatch();
            case NONE -> null;
        };
        return condition == null ? more : Stream.concat(Stream.of(condition), Stream.of(more)).toArray(BlobTargetOption[]::new);
    }

    /** The options of a resumable upload: the precondition, and no gzip on the way (the archives are gzip already). */
    static BlobWriteOption[] writeOptions(Precondition precondition) {
        return switch (precondition) {
            case DOES_NOT_EXIST -> new BlobWriteOption[] {BlobWriteOption.doesNotExist(), BlobWriteOption.disableGzipContent()};
            case GENERATION_MATCH -> new BlobWriteOption[] {BlobWriteOption.generationMatch(), BlobWriteOption.disableGzipContent()};
            case NONE -> new BlobWriteOption[] {BlobWriteOption.disableGzipContent()};
        };
    }

    /** What every write shares: the condition as a generation precondition, and a failed precondition as false. */
    private boolean upload(String key, WriteCondition condition, Upload upload) {
        Target target = target(key, condition);
        return target != null && sent(key, () -> upload.send(target.info(), target.precondition()));
    }

    /** The condition as a generation precondition; {@code null} when the expected version is no generation (it never holds). */
    Target target(String key, WriteCondition condition) {
        refuseWhenAnonymous(key);
        BlobId id = BlobId.of(bucket, key);
        Precondition precondition = Precondition.NONE;
        if (condition.isIfAbsent()) {
            precondition = Precondition.DOES_NOT_EXIST;
        } else if (condition.expectedVersion() != null) {
            Long generation = generation(condition.expectedVersion());
            if (generation == null) {
                return null;
            }
            id = BlobId.of(bucket, key, generation);
            precondition = Precondition.GENERATION_MATCH;
        }
        return new Target(com.google.cloud.storage.BlobInfo.newBuilder(id).build(), precondition);
    }

    interface Request {
        void run() throws IOException;
    }

    /** Runs a write's request: a failed precondition (412) is {@code false}, any other failure a translated one. */
    boolean sent(String key, Request request) {
        try {
            request.run();
            return true;
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 412) {
                return false;
            }
            throw failure("write", key, e);
        } catch (IOException e) {
            throw new StorageException(Reason.LOCAL_IO, "Cannot read the file to upload it to gs://" + bucket + "/" + key
                    + ": " + e, e);
        } catch (RuntimeException e) {
            throw failure("write", key, e);
        }
    }

    com.google.cloud.storage.Storage client() {
        return gcs;
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

    StorageException failure(String action, String key, RuntimeException e) {
        return errors.failure(action, key, e);
    }

    private static BlobInfo info(Blob blob) {
        Long size = blob.getSize();
        OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
        return new BlobInfo(blob.getName(), size == null ? 0 : size, updated == null ? Instant.EPOCH : updated.toInstant(),
                String.valueOf(blob.getGeneration()));
    }

    private static Long generation(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void refuseWhenAnonymous(String key) {
        if (anonymous) {
            throw StorageException.because(Reason.ACCESS_DENIED).cannot("write", "gs://" + bucket + "/" + key)
                    .container("bucket", bucket).detail("this store is read-only: anonymous access, as no project was given")
                    .hint("to write, give the setting 'project' and credentials: 'gcloud auth application-default login' "
                            + "or GOOGLE_APPLICATION_CREDENTIALS").setting("project").build();
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
        private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
        private static final int SETUP_ATTEMPTS = 2;
        private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

        private String project;
        private String bucket;
        private Credentials credentials;
        private String host;
        private int chunkSize = defaultChunkSize();
        private int maxAttempts;
        private boolean checkBucket = true;

        private Builder() {
        }

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
            boolean anonymous = project == null || project.isBlank();
            StorageOptions.Builder options = StorageOptions.http();
            if (host != null) {
                // Before the URL is parsed: a parse error would quote it.
                Endpoints.requireNoUserInfo(host, "The Google Cloud Storage endpoint", "host",
                        "with credentials(...) (an emulator needs none)");
                URI url = URI.create(host);
                if (url.getScheme() == null || url.getHost() == null) {
                    throw GcsNames.invalid("Invalid Google Cloud Storage endpoint '" + host
                            + "': give a URL such as http://127.0.0.1:4443.", "host");
                }
                options.setHost(host).setCredentials(credentials != null ? credentials : NoCredentials.getInstance());
            } else if (anonymous) {
                options.setCredentials(NoCredentials.getInstance());
            } else {
                options.setCredentials(credentials != null ? credentials : applicationDefaultCredentials());
            }
            options.setProjectId(anonymous ? "anonymous" : project);
            // Names this library to the service, in the user agent of every request.
            options.setHeaderProvider(FixedHeaderProvider.create("user-agent", "modelstore-java/" + ModelStore.version()));
            if (maxAttempts > 0) {
                RetrySettings retries = StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(maxAttempts)
                        .setTotalTimeoutDuration(Duration.ofSeconds(30)).build();
                options.setRetrySettings(retries);
            }
            options.setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).build());
            StorageOptions built = options.build();
            GcsStorage storage = new GcsStorage(built.getService(), bucket, built.getHost(), anonymous, chunkSize);
            if (checkBucket) {
                // With bounded retries and timeouts of its own: a store that cannot be reached fails in seconds, where
                // the SDK's defaults retry for 50 s.
                RetrySettings setupRetries = built.getRetrySettings().toBuilder()
                        .setMaxAttempts(Math.min(SETUP_ATTEMPTS, built.getRetrySettings().getMaxAttempts() > 0
                                ? built.getRetrySettings().getMaxAttempts() : SETUP_ATTEMPTS))
                        .setInitialRetryDelayDuration(Duration.ofMillis(500))
                        .setTotalTimeoutDuration(SETUP_TIMEOUT).build();
                storage.checkBucket(built.toBuilder().setRetrySettings(setupRetries)
                        .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                                .setReadTimeout((int) SETUP_TIMEOUT.toMillis()).build())
                        .build().getService());
            }
            return storage;
        }

        private static GoogleCredentials applicationDefaultCredentials() {
            try {
                return GoogleCredentials.getApplicationDefault();
            } catch (IOException e) {
                throw StorageException.because(Reason.NO_CREDENTIALS).setUp(SERVICE).detail("Google Cloud")
                        .hint("Run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to "
                        + "the path of a service account key file, or run where a service account is attached (GCE, GKE, "
                        + "Cloud Run). To read a public bucket without credentials, give no project.").cause(e).build();
            }
        }
    }

    private void checkBucket(com.google.cloud.storage.Storage setup) {
        try {
            if (anonymous) {
                setup.list(bucket, BlobListOption.pageSize(1)); // bucket metadata is not public even where objects are
            } else if (setup.get(bucket) == null) {
                throw StorageException.because(Reason.CONTAINER_NOT_FOUND).setUp(SERVICE).container("bucket", bucket)
                        .endpoint(host).hint("'gcloud storage buckets create gs://" + bucket + "'").setting("bucket").build();
            }
        } catch (com.google.cloud.storage.StorageException e) {
            throw errors.classify(e, reason -> StorageException.because(reason).setUp(SERVICE));
        }
    }

}

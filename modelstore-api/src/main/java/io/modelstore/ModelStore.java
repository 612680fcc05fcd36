package io.modelstore;

import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.Layout.DomainEntry;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Versions, stores, lists, downloads and deletes model artifacts, in the storage format of Python
 * modelstore 0.0.81, so that Python and JVM programs share one store.
 *
 * <pre>{@code
 * try (ModelStore store = ModelStore.fromFileSystem(Path.of("/srv/models"), true)) {
 *     ModelMetadata meta = store.upload("fraud-detector", Path.of("model.onnx"));
 *     List<String> ids = store.listModels("fraud-detector");        // newest first
 *     store.download(Path.of("/tmp/fraud"), "fraud-detector", meta.modelId());
 * }
 * }</pre>
 *
 * <p>A model becomes visible only once its archive and metadata are both written; its id is claimed with a
 * conditional create, so concurrent uploads never overwrite each other; the domain's latest model only moves
 * forward in time; downloads check the archive's SHA-256 and refuse entries that would leave the target
 * directory. Instances are thread-safe. Every error is a {@link ModelStoreException} whose message names the
 * domain, model or key concerned.
 */
public final class ModelStore implements AutoCloseable {

    /** The Python modelstore release whose storage format this library reads and writes. */
    public static final String PYTHON_FORMAT_VERSION = "0.0.81";

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final int DEFAULT_COMPRESSION_LEVEL = 1;
    private static final int LATEST_ATTEMPTS = 50;

    private final Storage storage;
    private final Layout layout;
    private final Clock clock;
    private final ZoneId zone;

    private final int compressionLevel;

    private ModelStore(Builder builder) {
        this.storage = builder.storage;
        this.layout = new Layout(builder.rootPrefix);
        this.clock = builder.clock;
        this.zone = clock.getZone();
        this.compressionLevel = builder.compressionLevel;
    }

    /** Builds a {@link ModelStore} on a {@link Storage}, with settings beyond the factories' defaults. */
    public static final class Builder {
        private final Storage storage;
        private String rootPrefix = "";
        private Clock clock = Clock.systemDefaultZone();
        private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;

        private Builder(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
        }

        /** The key prefix the store lives below (Python's {@code root_prefix}); default none. */
        public Builder rootPrefix(String prefix) {
            this.rootPrefix = Layout.normalizePrefix(prefix);
            return this;
        }

        /**
         * The clock that dates uploads; its zone is the one Python's local-time fields and archive keys are
         * written in. Default: the system clock in the JVM's default zone.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The gzip level of archives, 1 (fastest, the default) to 9 (smallest; what Python uses). */
        public Builder compressionLevel(int level) {
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("Compression level " + level + " is out of range: use 1 (fastest) to 9 (smallest)");
            }
            this.compressionLevel = level;
            return this;
        }

        public ModelStore build() {
            return new ModelStore(this);
        }
    }

    /** Starts building a store on {@code storage}. */
    public static Builder builder(Storage storage) {
        return new Builder(storage);
    }

    // ---------------------------------------------------------------- factories

    /** A store on any {@link Storage}, at the root of its namespace. */
    public static ModelStore fromStorage(Storage storage) {
        return fromStorage(storage, "");
    }

    /** A store on any {@link Storage}, below {@code rootPrefix} (Python's {@code root_prefix}). */
    public static ModelStore fromStorage(Storage storage, String rootPrefix) {
        return builder(storage).rootPrefix(rootPrefix).build();
    }

    /** A store in an existing directory of the local file system (Python's {@code from_file_system}). */
    public static ModelStore fromFileSystem(Path root) {
        return fromFileSystem(root, false);
    }

    /**
     * A store in a directory of the local file system, created first when {@code createDirectory} is true.
     * Needs {@code io.modelstore:modelstore-local}.
     */
    public static ModelStore fromFileSystem(Path root, boolean createDirectory) {
        Objects.requireNonNull(root, "root");
        return fromBackend("filesystem", "", "root", root.toString(), "create", String.valueOf(createDirectory));
    }

    /**
     * A store in the S3 bucket named by Python's environment variables: {@code MODEL_STORE_AWS_BUCKET},
     * {@code MODEL_STORE_REGION} and {@code MODEL_STORE_AWS_ROOT_PREFIX}. Needs {@code io.modelstore:modelstore-aws}.
     */
    public static ModelStore fromAwsS3() {
        return fromEnvironmentAs("aws-s3");
    }

    /** A store in an S3 bucket (Python's {@code from_aws_s3}). Needs {@code io.modelstore:modelstore-aws}. */
    public static ModelStore fromAwsS3(String bucket) {
        return fromAwsS3(bucket, null, null);
    }

    /** A store in an S3 bucket of the given region, such as {@code eu-central-1}. */
    public static ModelStore fromAwsS3(String bucket, String region) {
        return fromAwsS3(bucket, region, null);
    }

    /** A store in an S3 bucket of the given region, below {@code rootPrefix}. */
    public static ModelStore fromAwsS3(String bucket, String region, String rootPrefix) {
        return fromBackend("aws-s3", rootPrefix, "bucket", bucket, "region", region);
    }

    /**
     * A store on an S3-compatible server named by Python's environment variables: {@code MINIO_ENDPOINT},
     * {@code MINIO_ACCESS_KEY}, {@code MINIO_SECRET_KEY}, {@code MODEL_STORE_MINIO_BUCKET} and
     * {@code MODEL_STORE_MINIO_ROOT_PREFIX}, over https.
     */
    public static ModelStore fromMinio() {
        return fromEnvironmentAs("minio");
    }

    /**
     * A store in a bucket of an S3-compatible server such as MinIO, Ceph, B2 or R2 (Python's {@code from_minio}):
     * {@code endpoint} is {@code host:port}, {@code secure} chooses https. Needs {@code io.modelstore:modelstore-aws}.
     */
    public static ModelStore fromMinio(String endpoint, String accessKey, String secretKey, String bucket, boolean secure) {
        return fromMinio(endpoint, accessKey, secretKey, bucket, secure, null);
    }

    /** As {@link #fromMinio(String, String, String, String, boolean)}, below {@code rootPrefix}. */
    public static ModelStore fromMinio(String endpoint, String accessKey, String secretKey, String bucket, boolean secure,
                                       String rootPrefix) {
        return fromBackend("minio", rootPrefix, "endpoint", endpoint, "access-key", accessKey, "secret-key", secretKey,
                "bucket", bucket, "secure", String.valueOf(secure));
    }

    /**
     * A store in the Google Cloud Storage bucket named by Python's environment variables: {@code MODEL_STORE_GCP_PROJECT},
     * {@code MODEL_STORE_GCP_BUCKET} and {@code MODEL_STORE_GCP_ROOT_PREFIX}.
     */
    public static ModelStore fromGcloud() {
        return fromEnvironmentAs("google-cloud-storage");
    }

    /**
     * A store in a Google Cloud Storage bucket (Python's {@code from_gcloud}), with Application Default Credentials.
     * A null project gives an anonymous, read-only store of a public bucket. Needs {@code io.modelstore:modelstore-gcp}.
     */
    public static ModelStore fromGcloud(String project, String bucket) {
        return fromGcloud(project, bucket, null);
    }

    /** A store in a Google Cloud Storage bucket, below {@code rootPrefix}. */
    public static ModelStore fromGcloud(String project, String bucket, String rootPrefix) {
        return fromBackend("google-cloud-storage", rootPrefix, "project", project, "bucket", bucket);
    }

    /**
     * A store in the Azure Blob container named by Python's environment variables: {@code MODEL_STORE_AZURE_CONTAINER},
     * {@code MODEL_STORE_AZURE_ROOT_PREFIX} and {@code AZURE_STORAGE_CONNECTION_STRING}.
     */
    public static ModelStore fromAzure() {
        return fromEnvironmentAs("azure-container");
    }

    /**
     * A store in an Azure Blob container (Python's {@code from_azure}), with the connection string of
     * {@code AZURE_STORAGE_CONNECTION_STRING}. Needs {@code io.modelstore:modelstore-azure}.
     */
    public static ModelStore fromAzure(String container) {
        return fromAzure(container, null);
    }

    /** A store in an Azure Blob container, below {@code rootPrefix}. */
    public static ModelStore fromAzure(String container, String rootPrefix) {
        return fromBackend("azure-container", rootPrefix, "container", container);
    }

    /**
     * Opens the store a URI names: {@code file:///srv/models} (or a plain or Windows path),
     * {@code s3://bucket/prefix?region=eu-central-1}, {@code minio://host:9000/bucket/prefix},
     * {@code gs://bucket/prefix?project=p}, {@code az://container/prefix}, or {@code <id>://...} for any installed
     * backend. Secrets never come from the URI. See {@link StoreConfig}.
     */
    public static ModelStore open(String uri) {
        return open(StoreConfig.fromUri(uri));
    }

    /**
     * Opens the store of a configuration.
     *
     * @throws BackendNotInstalledException when its backend's module is not on the classpath
     */
    public static ModelStore open(StoreConfig config) {
        return fromStorage(config.createStorage(), config.rootPrefix());
    }

    /**
     * Opens the store that the environment describes: {@code MODEL_STORE_STORAGE} (a backend id such as
     * {@code filesystem}, {@code aws-s3}, {@code minio}, {@code google-cloud-storage}, {@code azure-container}) and
     * that backend's variables. See {@link StoreConfig#fromEnvironment(Map)}.
     */
    public static ModelStore fromEnvironment() {
        return open(StoreConfig.fromEnvironment());
    }

    /**
     * Opens the store that properties describe: {@code modelstore.uri}, or {@code modelstore.storage} with
     * {@code modelstore.<storage>.<setting>} keys and {@code modelstore.root-prefix}. See {@link StoreConfig}.
     */
    public static ModelStore fromProperties(Properties properties) {
        return open(StoreConfig.fromProperties(properties));
    }

    /** As {@link #fromProperties(Properties)}, from a map. */
    public static ModelStore fromConfig(Map<String, String> config) {
        return open(StoreConfig.fromMap(config));
    }

    /** A first-party backend from this process's environment, as if {@code MODEL_STORE_STORAGE} named it. */
    private static ModelStore fromEnvironmentAs(String backendId) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MODEL_STORE_STORAGE", backendId);
        return open(StoreConfig.fromEnvironment(env));
    }

    private static ModelStore fromBackend(String backendId, String rootPrefix, String... keyValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                settings.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return open(StoreConfig.of(backendId, settings, rootPrefix));
    }

    /** This library's version. */
    public static String version() {
        return Version.VERSION;
    }

    /** The storage this store writes to. */
    public Storage storage() {
        return storage;
    }

    // ---------------------------------------------------------------- upload

    /** Uploads a model file, or a directory whose contents become the model's files, with a new UUID. */
    public ModelMetadata upload(String domain, Path model) {
        return upload(UploadRequest.builder(domain).file(model).build());
    }

    /**
     * Uploads a model. The archive is streamed to a temporary file and then to storage; the model becomes
     * visible when its metadata is written, after the archive; the domain's latest model moves to it unless a
     * newer one is already there.
     *
     * @throws ModelExistsException  when the domain has (or had) a model with the requested id
     * @throws InvalidNameException  when the domain or model id breaks the naming rules
     * @throws InvalidUploadException when a file is missing or two files would share a name
     */
    public ModelMetadata upload(UploadRequest request) {
        String domain = Names.newDomain(request.domain());
        String modelId = request.modelId().map(Names::newModelId).orElseGet(() -> UUID.randomUUID().toString());
        Map<String, Path> entries = Archives.plan(request.files(), request.extras());
        String metadataKey = layout.metadataKey(domain, modelId);
        refuseExisting(domain, modelId);

        ObjectNode modelType = Json.MAPPER.createObjectNode();
        modelType.put("library", request.library());
        if (request.type() != null) {
            modelType.put("type", request.type());
        }
        Instant now = clock.instant();
        String archiveKey = layout.archiveKey(domain, now, zone, modelId);
        Path temp = null;
        boolean archiveWritten = false;
        try {
            temp = Files.createTempFile("modelstore-upload-", ".tar.gz");
            Archives.Digest digest = Archives.write(entries, Json.pythonBytes(modelType), temp, compressionLevel,
                    request.progress());
            request.progress().progress("uploading", 0, digest.size());
            if (!storage.write(archiveKey, temp, WriteCondition.ifAbsent())) {
                throw exists(domain, modelId, "another upload of the same id is writing its archive");
            }
            request.progress().progress("uploading", digest.size(), digest.size());
            archiveWritten = true;
            byte[] bytes = Json.pythonBytes(newMetadata(request, domain, modelId, modelType, archiveKey, digest, now));
            // Read back what was written, so the result equals what getModelInfo returns later.
            ModelMetadata metadata = new ModelMetadata(Json.parseObject(bytes, "The new metadata"));
            if (!storage.write(metadataKey, bytes, WriteCondition.ifAbsent())) {
                throw exists(domain, modelId, "another upload of the same id finished first");
            }
            archiveWritten = false; // the model is committed: the archive is its own now
            LOG.debug("Uploaded {}/{} ({} bytes, sha256 {})", domain, modelId, digest.size(), digest.sha256());
            advanceLatest(domain, metadata, bytes);
            return metadata;
        } catch (IOException e) {
            throw new StorageException("Cannot create a temporary file for the archive of " + domain + "/" + modelId
                    + ": " + e.getMessage() + ". Check the free space of " + System.getProperty("java.io.tmpdir") + ".", e);
        } finally {
            if (archiveWritten) {
                deleteQuietly(archiveKey);
            }
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("Could not delete the temporary archive {}: {}", temp, e.toString());
                }
            }
        }
    }

    private void refuseExisting(String domain, String modelId) {
        if (storage.stat(layout.metadataKey(domain, modelId)).isPresent()) {
            throw exists(domain, modelId, "it was uploaded before");
        }
        if (storage.stat(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId)).isPresent()) {
            throw exists(domain, modelId, "it was used by a model that has since been deleted");
        }
    }

    private ModelExistsException exists(String domain, String modelId, String why) {
        return new ModelExistsException(domain, modelId, "Model '" + modelId + "' already exists in domain '" + domain
                + "' (" + why + "). Choose another model id, or leave it out to get a new UUID.");
    }

    private ObjectNode newMetadata(UploadRequest request, String domain, String modelId, ObjectNode modelType,
                                      String archiveKey, Archives.Digest digest, Instant now) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode model = meta.putObject("model");
        model.put("domain", domain);
        model.put("model_id", modelId);
        model.set("model_type", modelType);
        model.set("parameters", Json.fromValue(request.parameters()));
        ObjectNode location = meta.putObject("storage");
        storage.location(archiveKey).forEach((k, v) -> location.set(k, Json.fromValue(v)));
        location.put("sha256", digest.sha256());
        location.put("size", digest.size());
        meta.put("modelstore", PYTHON_FORMAT_VERSION);
        ObjectNode code = meta.putObject("code");
        code.put("runtime", "java:" + System.getProperty("java.version"));
        code.put("user", System.getProperty("user.name"));
        code.put("created", ModelMetadata.PYTHON_CREATED.format(now.atZone(zone)));
        code.put("created_at", now.toString());
        code.putObject("dependencies").put("modelstore-java", version());
        if (request.metadata() != null) {
            meta.set("extra", Json.fromValue(request.metadata()));
        }
        return meta;
    }

    // ---------------------------------------------------------------- the domain's latest model

    /** Order of models in a domain: newest first, ties broken by model id. */
    private static final Comparator<ModelMetadata> NEWEST_FIRST =
            Comparator.comparing(ModelMetadata::created).thenComparing(ModelMetadata::modelId).reversed();

    /**
     * Points the domain at {@code candidate} unless a newer live model is there already, with compare-and-swap
     * so concurrent writers never move it back in time.
     */
    private void advanceLatest(String domain, ModelMetadata candidate, byte[] candidateBytes) {
        String key = layout.domainKey(domain);
        for (int attempt = 0; attempt < LATEST_ATTEMPTS; attempt++) {
            Optional<BlobInfo> current = storage.stat(key);
            if (current.isEmpty()) {
                if (storage.write(key, candidateBytes, WriteCondition.ifAbsent())) {
                    return;
                }
            } else {
                Optional<ModelMetadata> latest = readMetadata(key);
                if (latest.isPresent() && NEWEST_FIRST.compare(latest.get(), candidate) <= 0
                        && modelExists(domain, latest.get().modelId())) {
                    return;
                }
                if (storage.write(key, candidateBytes, WriteCondition.ifMatch(current.get().version()))) {
                    return;
                }
            }
            backOff(attempt);
        }
        throw new StorageException("Could not update the latest model of domain '" + domain + "' at " + key + " after "
                + LATEST_ATTEMPTS + " attempts: too many concurrent writers. The model itself was stored; "
                + "upload again later or check " + storage.describe() + ".");
    }

    /** After a delete: points the domain at its newest remaining model, or removes the pointer when none is left. */
    private void repointLatest(String domain, String deletedId) {
        String key = layout.domainKey(domain);
        for (int attempt = 0; attempt < LATEST_ATTEMPTS; attempt++) {
            Optional<BlobInfo> current = storage.stat(key);
            Optional<ModelMetadata> latest = current.isPresent() ? readMetadata(key) : Optional.empty();
            if (latest.isPresent() && !latest.get().modelId().equals(deletedId)) {
                return;
            }
            List<String> remaining = listModels(domain);
            if (remaining.isEmpty()) {
                storage.delete(key);
                if (listModels(domain).isEmpty()) {
                    return;
                }
                continue; // a model arrived meanwhile: point at it
            }
            String newestId = remaining.get(0);
            Optional<byte[]> bytes = readBytes(layout.metadataKey(domain, newestId));
            if (bytes.isEmpty()) {
                continue;
            }
            WriteCondition condition = current.map(c -> WriteCondition.ifMatch(c.version())).orElse(WriteCondition.ifAbsent());
            if (storage.write(key, bytes.get(), condition)) {
                return;
            }
            backOff(attempt);
        }
        throw new StorageException("Could not move the latest model of domain '" + domain + "' after deleting '"
                + deletedId + "': too many concurrent writers. Run deleteModel again to retry.");
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while updating a domain's latest model", e);
        }
    }

    // ---------------------------------------------------------------- reading

    /** The domains that have a latest model, sorted by name. */
    public List<String> listDomains() {
        String prefix = layout.domainsPrefix();
        try (Stream<BlobInfo> blobs = storage.list(prefix)) {
            return blobs.map(b -> Layout.jsonName(prefix, b.key())).filter(Objects::nonNull).sorted().collect(Collectors.toList());
        }
    }

    /** The ids of the domain's models, newest first. */
    public List<String> listModels(String domain) {
        return listModels(domain, null);
    }

    /**
     * The ids of the domain's models that are in {@code state} (all models when it is null), newest first.
     * One paged listing of the domain's keys: the archive keys carry each model's upload time, so metadata is
     * read only to order models uploaded within the same second.
     *
     * @throws DomainNotFoundException when nothing was ever uploaded to the domain
     * @throws StateNotFoundException  when the state has not been created
     */
    public List<String> listModels(String domain, String state) {
        Names.domain(domain);
        if (state != null) {
            requireState(Names.state(state));
        }
        Map<String, String> uploaded = new HashMap<>();
        Set<String> live = new HashSet<>();
        Set<String> inState = new HashSet<>();
        boolean any = false;
        try (Stream<BlobInfo> blobs = storage.list(layout.domainPrefix(domain))) {
            for (BlobInfo blob : (Iterable<BlobInfo>) blobs::iterator) {
                any = true;
                DomainEntry entry = layout.parseDomainKey(domain, blob.key());
                if (entry == null) {
                    continue;
                }
                switch (entry.kind()) {
                    case METADATA -> live.add(entry.modelId());
                    case STATE_COPY -> {
                        if (entry.state().equals(state)) {
                            inState.add(entry.modelId());
                        }
                    }
                    case ARCHIVE -> uploaded.merge(entry.modelId(), entry.uploaded(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
        }
        if (!any && storage.stat(layout.domainKey(domain)).isEmpty()) {
            throw domainNotFound(domain);
        }
        Set<String> ids = state == null ? live : inState.stream().filter(live::contains).collect(Collectors.toSet());
        return newestFirst(domain, ids, uploaded);
    }

    private List<String> newestFirst(String domain, Set<String> ids, Map<String, String> uploaded) {
        // Group by upload second (from the keys); read metadata only where a second holds several models.
        Map<String, List<String>> bySecond = new HashMap<>();
        for (String id : ids) {
            bySecond.computeIfAbsent(uploaded.getOrDefault(id, ""), k -> new ArrayList<>()).add(id);
        }
        List<String> seconds = new ArrayList<>(bySecond.keySet());
        seconds.sort(Comparator.reverseOrder());
        List<String> result = new ArrayList<>(ids.size());
        for (String second : seconds) {
            List<String> group = bySecond.get(second);
            if (group.size() == 1 && !second.isEmpty()) {
                result.add(group.get(0));
                continue;
            }
            List<ModelMetadata> metas = new ArrayList<>();
            for (String id : group) {
                readMetadata(layout.metadataKey(domain, id)).ifPresent(metas::add);
            }
            metas.sort(NEWEST_FIRST);
            metas.forEach(m -> result.add(m.modelId()));
        }
        return result;
    }

    /**
     * The metadata of the domain's latest model ({@code domains/<domain>.json}).
     *
     * @throws DomainNotFoundException when the domain has no model
     */
    public ModelMetadata getDomain(String domain) {
        Names.domain(domain);
        ModelMetadata latest = readMetadata(layout.domainKey(domain)).orElseThrow(() -> domainNotFound(domain));
        if (modelExists(domain, latest.modelId())) {
            return latest;
        }
        // Python's delete leaves the pointer on the deleted model: answer with the newest remaining one.
        List<String> remaining = listModels(domain);
        if (remaining.isEmpty()) {
            throw new DomainNotFoundException(domain, "Domain '" + domain + "' has no models left: all were deleted. "
                    + "Upload a model to it first.");
        }
        return getModelInfo(domain, remaining.get(0));
    }

    /**
     * The metadata of one model.
     *
     * @throws ModelDeletedException  when the model was deleted
     * @throws ModelNotFoundException when the domain has no such model
     * @throws DomainNotFoundException when the domain does not exist
     */
    public ModelMetadata getModelInfo(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        return readMetadata(layout.metadataKey(domain, modelId)).orElseThrow(() -> modelMissing(domain, modelId));
    }

    /** Whether the domain has a (not deleted) model with this id. */
    public boolean modelExists(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        return storage.stat(layout.metadataKey(domain, modelId)).isPresent();
    }

    private ModelStoreException modelMissing(String domain, String modelId) {
        if (storage.stat(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId)).isPresent()) {
            return new ModelDeletedException(domain, modelId, "Model '" + modelId + "' in domain '" + domain
                    + "' was deleted. List the domain's models with listModels(\"" + domain + "\").");
        }
        List<String> models;
        try {
            models = listModels(domain);
        } catch (DomainNotFoundException e) {
            return e;
        }
        return new ModelNotFoundException(domain, modelId, "Model '" + modelId + "' does not exist in domain '" + domain
                + "'. " + (models.isEmpty() ? "The domain has no models."
                : "Its newest models: " + String.join(", ", models.subList(0, Math.min(5, models.size()))) + "."));
    }

    private DomainNotFoundException domainNotFound(String domain) {
        List<String> domains = listDomains();
        return new DomainNotFoundException(domain, "Domain '" + domain + "' does not exist in " + storage.describe() + ". "
                + (domains.isEmpty() ? "The store has no domains yet: upload a model first."
                : "Known domains: " + String.join(", ", domains) + "."));
    }

    // ---------------------------------------------------------------- download

    /** Downloads and extracts the domain's latest model into {@code targetDir}; returns {@code targetDir}. */
    public Path download(Path targetDir, String domain) {
        return download(targetDir, domain, null);
    }

    /**
     * Downloads a model's archive, checks its SHA-256 (when its metadata has one: Python-written models do not)
     * and extracts it into {@code targetDir}, which is created if needed; a null {@code modelId} means the latest.
     *
     * @return {@code targetDir}
     * @throws ChecksumMismatchException when the archive differs from the one uploaded; nothing is extracted
     * @throws UnsafeArchiveException    when an entry would leave {@code targetDir}; nothing is extracted
     */
    public Path download(Path targetDir, String domain, String modelId) {
        return download(targetDir, domain, modelId, ProgressListener.NONE);
    }

    /** As {@link #download(Path, String, String)}, telling {@code progress} how far the download has got. */
    public Path download(Path targetDir, String domain, String modelId, ProgressListener progress) {
        Objects.requireNonNull(targetDir, "targetDir");
        Objects.requireNonNull(progress, "progress");
        ModelMetadata meta = modelId == null ? getDomain(domain) : getModelInfo(domain, modelId);
        String archiveKey = archiveKeyOf(meta);
        String source = "the archive of " + meta.domain() + "/" + meta.modelId() + " at " + archiveKey;
        Optional<String> expected = meta.archiveSha256();
        try (InputStream in = storage.read(archiveKey)) {
            Archives.extract(in, targetDir, source, meta.archiveSize().orElse(-1), progress, digest -> {
                if (expected.isPresent() && !expected.get().equalsIgnoreCase(digest.sha256())) {
                    throw new ChecksumMismatchException(archiveKey, expected.get(), digest.sha256(), "The archive of model '"
                            + meta.modelId() + "' in domain '" + meta.domain() + "' at " + archiveKey + " is corrupt: its SHA-256 is "
                            + digest.sha256() + " but " + expected.get() + " was recorded at upload. Nothing was extracted. "
                            + "Restore the archive from a backup or upload the model again.");
                }
            });
            return targetDir;
        } catch (BlobNotFoundException e) {
            throw new StorageException("The archive of model '" + meta.modelId() + "' in domain '" + meta.domain()
                    + "' is missing at " + archiveKey + " in " + storage.describe()
                    + ". Its metadata exists but the artifact does not: upload the model again.", e);
        } catch (IOException e) {
            throw new StorageException("Cannot download " + source + " to " + targetDir + ": " + e + ". Check the "
                    + "directory's permissions and free space.", e);
        }
    }

    /** Where the model's archive is in this store: from its recorded location, else found by listing. */
    private String archiveKeyOf(ModelMetadata meta) {
        return findArchiveKey(meta).orElseThrow(() -> new StorageException("The archive of model '"
                + meta.modelId() + "' in domain '" + meta.domain() + "' is missing from " + storage.describe()
                + ". Its metadata exists but the artifact does not: upload the model again."));
    }

    private Optional<String> findArchiveKey(ModelMetadata meta) {
        Map<String, Object> location = meta.storage();
        for (String field : List.of("prefix", "path")) {
            Object recorded = location.get(field);
            if (recorded instanceof String s) {
                String key = layout.archiveKeyFromStoredLocation(meta.domain(), meta.modelId(), s);
                if (key != null && storage.stat(key).isPresent()) {
                    return Optional.of(key);
                }
            }
        }
        return findArchive(meta.domain(), meta.modelId());
    }

    private Optional<String> findArchive(String domain, String modelId) {
        try (Stream<BlobInfo> blobs = storage.list(layout.domainPrefix(domain))) {
            return blobs.map(BlobInfo::key)
                    .filter(k -> {
                        DomainEntry e = layout.parseDomainKey(domain, k);
                        return e != null && e.kind() == DomainEntry.Kind.ARCHIVE && e.modelId().equals(modelId);
                    })
                    .reduce((a, b) -> b);
        }
    }

    // ---------------------------------------------------------------- delete

    /**
     * Deletes a model as Python does (its archive and metadata go, a tombstone stays in the reserved
     * {@code modelstore-deleted} state), removes it from every state, and moves the domain's latest model to the
     * newest remaining one.
     */
    public void deleteModel(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        String metadataKey = layout.metadataKey(domain, modelId);
        byte[] bytes = readBytes(metadataKey).orElseThrow(() -> modelMissing(domain, modelId));
        ModelMetadata meta = new ModelMetadata(Json.parseObject(bytes, metadataKey));
        Optional<String> archiveKey = findArchiveKey(meta); // a model whose archive is already gone can still be deleted

        storage.write(layout.stateKey(Names.DELETED_STATE), stateJson(Names.DELETED_STATE), WriteCondition.ifAbsent());
        storage.write(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId), bytes, WriteCondition.always());
        storage.delete(metadataKey); // from here on the model is invisible
        for (String state : statesOf(domain, modelId)) {
            storage.delete(layout.stateCopyKey(domain, state, modelId));
        }
        archiveKey.ifPresent(storage::delete);
        repointLatest(domain, modelId);
        LOG.debug("Deleted {}/{}", domain, modelId);
    }

    // ---------------------------------------------------------------- states

    /** Creates a state (such as {@code production}) that models can be put in; does nothing if it exists. */
    public void createModelState(String state) {
        Names.newState(state);
        storage.write(layout.stateKey(state), stateJson(state), WriteCondition.ifAbsent());
    }

    /** The states that have been created, sorted; the reserved {@code modelstore-deleted} is left out. */
    public List<String> listModelStates() {
        String prefix = layout.statesPrefix();
        try (Stream<BlobInfo> blobs = storage.list(prefix)) {
            return blobs.map(b -> Layout.jsonName(prefix, b.key()))
                    .filter(n -> n != null && !n.equals(Names.DELETED_STATE))
                    .sorted().collect(Collectors.toList());
        }
    }

    /** Puts a model in a state, which must have been created. */
    public void setModelState(String domain, String modelId, String state) {
        Names.domain(domain);
        Names.modelId(modelId);
        requireState(Names.newState(state));
        byte[] bytes = readBytes(layout.metadataKey(domain, modelId)).orElseThrow(() -> modelMissing(domain, modelId));
        storage.write(layout.stateCopyKey(domain, state, modelId), bytes, WriteCondition.always());
    }

    /** Takes a model out of a state; does nothing if it was not in it. */
    public void removeModelState(String domain, String modelId, String state) {
        Names.domain(domain);
        Names.modelId(modelId);
        requireState(Names.newState(state));
        storage.delete(layout.stateCopyKey(domain, state, modelId));
    }

    /** Deletes a state and takes every model out of it (Python leaves the models' copies behind; this does not). */
    public void deleteModelState(String state) {
        requireState(Names.newState(state));
        for (String domain : listDomains()) {
            try (Stream<BlobInfo> copies = storage.list(layout.versionsPrefix(domain, state))) {
                copies.forEach(b -> storage.delete(b.key()));
            }
        }
        storage.delete(layout.stateKey(state));
    }

    /** The states the model is in, sorted. */
    public List<String> getModelStates(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        if (!modelExists(domain, modelId)) {
            throw modelMissing(domain, modelId);
        }
        return new ArrayList<>(statesOf(domain, modelId));
    }

    private TreeSet<String> statesOf(String domain, String modelId) {
        TreeSet<String> states = new TreeSet<>();
        try (Stream<BlobInfo> blobs = storage.list(layout.versionsPrefix(domain, null))) {
            blobs.forEach(b -> {
                DomainEntry e = layout.parseDomainKey(domain, b.key());
                if (e != null && e.kind() == DomainEntry.Kind.STATE_COPY && e.modelId().equals(modelId)
                        && !e.state().equals(Names.DELETED_STATE)) {
                    states.add(e.state());
                }
            });
        }
        return states;
    }

    private void requireState(String state) {
        if (storage.stat(layout.stateKey(state)).isEmpty()) {
            List<String> states = listModelStates();
            throw new StateNotFoundException(state, "State '" + state + "' does not exist. Create it first with "
                    + "createModelState(\"" + state + "\"). " + (states.isEmpty() ? "No states exist yet."
                    : "Existing states: " + String.join(", ", states) + "."));
        }
    }

    private byte[] stateJson(String state) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("created", ModelMetadata.PYTHON_CREATED.format(clock.instant().atZone(zone)));
        json.put("state_name", state);
        return Json.pythonBytes(json);
    }

    // ---------------------------------------------------------------- helpers

    private Optional<byte[]> readBytes(String key) {
        try (InputStream in = storage.read(key)) {
            return Optional.of(in.readAllBytes());
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read " + key + " from " + storage.describe() + ": " + e.getMessage(), e);
        }
    }

    private Optional<ModelMetadata> readMetadata(String key) {
        return readBytes(key).map(bytes -> new ModelMetadata(Json.parseObject(bytes, "The metadata at " + key)));
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove {} after a failed upload: {}", key, e.toString());
        }
    }

    /** Closes the storage's clients. */
    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "ModelStore[" + storage.describe() + ", " + layout.base() + "]";
    }

}

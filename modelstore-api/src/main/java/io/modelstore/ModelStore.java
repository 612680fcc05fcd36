package io.modelstore;

import io.modelstore.internal.Version;
import io.modelstore.internal.config.FactoryConfigs;
import io.modelstore.internal.store.StoreParts;
import io.modelstore.spi.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Versions, stores, lists, downloads and deletes model artifacts in Python modelstore 0.0.81's format.
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
 * forward in time; downloads check the archive's SHA-256, refuse entries that would leave the target directory,
 * and replace nothing the target holds unless asked. Instances are thread-safe. Every error is a
 * {@link io.modelstore.spi.ModelStoreException} whose message names the domain, model or key concerned.
 */
public final class ModelStore implements AutoCloseable {

    /** The Python modelstore release whose storage format this library reads and writes. */
    public static final String PYTHON_FORMAT_VERSION = "0.0.81";

    private final StoreParts parts;

    ModelStore(StoreParts parts) {
        this.parts = parts;
    }

    /** Starts building a store on {@code storage}. */
    public static ModelStoreBuilder builder(Storage storage) {
        return new ModelStoreBuilder(storage);
    }

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

    /** A store in a local directory, created first when {@code createDirectory} is true. Needs {@code io.modelstore:modelstore-local}. */
    public static ModelStore fromFileSystem(Path root, boolean createDirectory) {
        return open(FactoryConfigs.fileSystem(root, createDirectory));
    }

    /** A store in the S3 bucket of Python's variables MODEL_STORE_AWS_BUCKET, MODEL_STORE_REGION, MODEL_STORE_AWS_ROOT_PREFIX. */
    public static ModelStore fromAwsS3() {
        return open(FactoryConfigs.fromEnvironmentAs("aws-s3"));
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
        return open(FactoryConfigs.of("aws-s3", rootPrefix, "bucket", bucket, "region", region));
    }

    /**
     * A store on the S3-compatible server of Python's variables MINIO_ENDPOINT, MINIO_ACCESS_KEY, MINIO_SECRET_KEY,
     * MODEL_STORE_MINIO_BUCKET and MODEL_STORE_MINIO_ROOT_PREFIX, over https.
     */
    public static ModelStore fromMinio() {
        return open(FactoryConfigs.fromEnvironmentAs("minio"));
    }

    /**
     * A store in a bucket of an S3-compatible server such as MinIO, Ceph, B2 or R2 (Python's {@code from_minio}):
     * {@code endpoint} is {@code host:port}, {@code secure} chooses https. Needs {@code io.modelstore:modelstore-aws}.
     */
    public static ModelStore fromMinio(
            String endpoint, String accessKey, String secretKey, String bucket, boolean secure) {
        return fromMinio(endpoint, accessKey, secretKey, bucket, secure, null);
    }

    /** As {@link #fromMinio(String, String, String, String, boolean)}, below {@code rootPrefix}. */
    public static ModelStore fromMinio(
            String endpoint, String accessKey, String secretKey, String bucket, boolean secure, String rootPrefix) {
        return open(FactoryConfigs.minio(endpoint, accessKey, secretKey, bucket, secure, rootPrefix));
    }

    /** A store in the GCS bucket of Python's variables MODEL_STORE_GCP_PROJECT, MODEL_STORE_GCP_BUCKET, MODEL_STORE_GCP_ROOT_PREFIX. */
    public static ModelStore fromGcloud() {
        return open(FactoryConfigs.fromEnvironmentAs("google-cloud-storage"));
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
        return open(FactoryConfigs.of("google-cloud-storage", rootPrefix, "project", project, "bucket", bucket));
    }

    /** A store in the Azure container of MODEL_STORE_AZURE_CONTAINER, MODEL_STORE_AZURE_ROOT_PREFIX, AZURE_STORAGE_CONNECTION_STRING. */
    public static ModelStore fromAzure() {
        return open(FactoryConfigs.fromEnvironmentAs("azure-container"));
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
        return open(FactoryConfigs.of("azure-container", rootPrefix, "container", container));
    }

    /** A store in the HDFS directory of Python's variable MODEL_STORE_HDFS_ROOT_PREFIX, on the configuration's fs.defaultFS. */
    public static ModelStore fromHdfs() {
        return open(FactoryConfigs.fromEnvironmentAs("hdfs"));
    }

    /**
     * A store in a directory of HDFS or another Hadoop-compatible file system (Python's {@code from_hdfs}):
     * {@code hdfs://namenode:8020/models}, or a path such as {@code /models} on the Hadoop configuration's
     * {@code fs.defaultFS} ({@code HADOOP_CONF_DIR}). The directory must exist. Needs {@code io.modelstore:modelstore-hdfs}.
     */
    public static ModelStore fromHdfs(String uriOrPath) {
        return open(FactoryConfigs.hdfs(uriOrPath));
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

    /** Opens the store of a configuration, with its cache; {@link BackendNotInstalledException} when its backend is missing. */
    public static ModelStore open(StoreConfig config) {
        return open(config, UnaryOperator.identity());
    }

    /**
     * As {@link #open(StoreConfig)}, on the configuration's storage as {@code decorator} wraps it: such as a
     * {@link io.modelstore.spi.ForwardingStorage} that meters or traces every request.
     */
    public static ModelStore open(StoreConfig config, UnaryOperator<Storage> decorator) {
        return config.storeBuilder(decorator).build();
    }

    /** The store of MODEL_STORE_STORAGE (a backend id such as aws-s3) and its variables. See {@link StoreConfig#fromEnvironment(Map)}. */
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

    /** This library's version. */
    public static String version() {
        return Version.VERSION;
    }

    /** The storage this store writes to. */
    public Storage storage() {
        return parts.blobs.storage();
    }

    /** Uploads a model file, or a directory whose contents become the model's files, with a new UUID. */
    public ModelMetadata upload(String domain, Path model) {
        return upload(UploadRequest.builder(domain).file(model).build());
    }

    /**
     * Uploads a model: its archive, then its metadata (the commit point: the model is visible and stored from then
     * on), then the domain's latest pointer, unless a newer model is there already.
     * @throws ModelExistsException  when the domain has (or had) a model with the requested id
     * @throws InvalidNameException  when the domain or model id breaks the naming rules
     * @throws InvalidUploadException when a file is missing, not a regular file, a link out of its directory, or
     *                                two files would share a name; nothing is written
     */
    public ModelMetadata upload(UploadRequest request) {
        return parts.uploads.upload(request);
    }

    /** The domains that have a latest model, sorted by name. */
    public List<String> listDomains() {
        return parts.listing.listDomains();
    }

    /** The ids of the domain's models, newest first. */
    public List<String> listModels(String domain) {
        return parts.listing.listModels(domain);
    }

    /**
     * The ids of the domain's models in {@code state} (all when null), newest first, from one paged listing; a
     * {@link DomainNotFoundException} when nothing was ever uploaded to the domain, a {@link StateNotFoundException} if no such state.
     */
    public List<String> listModels(String domain, String state) {
        return parts.listing.listModels(domain, state);
    }

    /** The metadata of the domain's latest model ({@code domains/<domain>.json}); {@link DomainNotFoundException} if none. */
    public ModelMetadata getDomain(String domain) {
        return parts.lookup.getDomain(domain);
    }

    /** The newest model in {@code state} by upload time (null: as {@link #getDomain(String)}); none is {@link ModelNotFoundException}. */
    public ModelMetadata getDomain(String domain, String state) {
        return parts.lookup.getDomain(domain, state);
    }

    /**
     * The metadata of one model; {@link ModelDeletedException} when it was deleted, {@link ModelNotFoundException}
     * when the domain has no such model, {@link DomainNotFoundException} when the domain does not exist.
     */
    public ModelMetadata getModelInfo(String domain, String modelId) {
        return parts.lookup.getModelInfo(domain, modelId);
    }

    /** Whether the domain has a (not deleted) model with this id. */
    public boolean modelExists(String domain, String modelId) {
        return parts.lookup.modelExists(domain, modelId);
    }

    /** Downloads the domain's latest model into {@code targetDir} with {@link DownloadOptions#defaults()}; returns it. */
    public Path download(Path targetDir, String domain) {
        return download(targetDir, domain, null);
    }

    /** As {@link #download(Path, String, String, DownloadOptions)} with {@link DownloadOptions#defaults()}. */
    public Path download(Path targetDir, String domain, String modelId) {
        return download(targetDir, domain, modelId, DownloadOptions.defaults());
    }

    /** As {@link #download(Path, String, String)}, telling {@code progress} how far the download has got. */
    public Path download(Path targetDir, String domain, String modelId, ProgressListener progress) {
        return download(targetDir, domain, modelId, DownloadOptions.defaults().withProgress(progress));
    }

    /**
     * Downloads a model's archive, checks its SHA-256 (when its metadata has one: Python-written models do not)
     * and extracts it into {@code targetDir}, which is created if needed; a null {@code modelId} means the latest.
     * Returns {@code targetDir}; after any of the errors below, it holds what it held before.
     *
     * @throws ChecksumMismatchException when the archive differs from the one uploaded
     * @throws UnsafeArchiveException    when an entry would leave {@code targetDir}, or the files expand past the limit
     * @throws TargetConflictException   when a path of the archive exists in {@code targetDir} (see the options)
     */
    public Path download(Path targetDir, String domain, String modelId, DownloadOptions options) {
        return parts.downloads.download(targetDir, domain, modelId, options);
    }

    /**
     * Deletes a model as Python does (a tombstone stays in {@code modelstore-deleted}), takes it out of every state and
     * moves the domain's pointer to the newest remaining model; calling it again finishes a delete that was cut short.
     */
    public void deleteModel(String domain, String modelId) {
        parts.deletion.deleteModel(domain, modelId);
    }

    /** Creates a state (such as {@code production}) that models can be put in; does nothing if it exists. */
    public void createModelState(String state) {
        parts.stateCatalog.create(state);
    }

    /** The states that have been created, sorted; the reserved {@code modelstore-deleted} is left out. */
    public List<String> listModelStates() {
        return parts.stateCatalog.list();
    }

    /** Puts a model in a state, which must have been created. */
    public void setModelState(String domain, String modelId, String state) {
        parts.states.setModelState(domain, modelId, state);
    }

    /** Takes a model out of a state; does nothing if it was not in it. */
    public void removeModelState(String domain, String modelId, String state) {
        parts.states.removeModelState(domain, modelId, state);
    }

    /** Deletes a state and takes every model out of it (Python leaves the models' copies behind; this does not). */
    public void deleteModelState(String state) {
        parts.states.deleteModelState(state);
    }

    /** The states the model is in, sorted. */
    public List<String> getModelStates(String domain, String modelId) {
        return parts.states.getModelStates(domain, modelId);
    }

    /**
     * Reports, and with {@code repair} fixes, what crashes left older than {@code gracePeriod} (an hour spares running
     * uploads): archives no metadata names, a stale pointer or state entry, unfinished writes. See {@link CheckReport}.
     */
    public CheckReport check(boolean repair, Duration gracePeriod) {
        return parts.check.check(repair, gracePeriod);
    }

    /**
     * Loads a model (a null {@code modelId}: the latest) into the JVM runtime of its {@code model_type.library}, such as
     * an {@code OrtSession} with {@code io.modelstore:modelstore-onnx}; the caller owns (closes) it. Throws a
     * {@link LoaderNotInstalledException} when that module is missing or its runtime cannot start, a
     * {@link ModelNotLoadableException} when no JVM runtime reads the library, it is not a {@code type}, or the runtime refuses it.
     */
    public <T> T load(String domain, String modelId, Class<T> type) {
        return parts.loading.load(domain, modelId, type);
    }

    /** As {@link #load(String, String, Class)}, as whatever the library's loader returns. */
    public Object load(String domain, String modelId) {
        return load(domain, modelId, Object.class);
    }

    /**
     * Loads the newest model of {@code state} (null: the domain's latest) as in {@link #load(String, String, Class)},
     * and keeps it current: every {@code pollEvery} it looks cheaply for a newer one (moved by Java or Python), loads it
     * in the background and swaps it in. See {@link LiveModel}. Close the result to stop.
     */
    public <T> LiveModel<T> follow(String domain, String state, Class<T> type, Duration pollEvery) {
        return follow(domain, state, type, pollEvery, FollowOptions.defaults());
    }

    /**
     * As {@link #follow(String, String, Class, Duration)}, swapping in only what {@code options} admit: by default a
     * version whose inputs differ from the serving model's is refused, and the current one goes on serving.
     */
    public <T> LiveModel<T> follow(
            String domain, String state, Class<T> type, Duration pollEvery, FollowOptions<? super T> options) {
        return LiveModel.following(parts, domain, state, type, pollEvery, options);
    }

    /**
     * What a model returned by {@link #load} takes and gives (names, element types, shapes; a tree model's feature
     * count), as its loader reads it from the runtime; empty where the runtime does not record it.
     */
    public Optional<ModelSignature> signature(Object loadedModel) {
        return parts.loading.signature(loadedModel);
    }

    /** Closes the storage's clients. */
    @Override
    public void close() {
        parts.blobs.storage().close();
    }

    @Override
    public String toString() {
        return "ModelStore[" + parts.blobs.storage().describe() + ", "
                + parts.blobs.layout().base() + "]";
    }
}

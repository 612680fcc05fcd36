package io.modelstore;

import io.modelstore.internal.config.Discovery;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The catalog of storage backends: the first-party ones (id, URI scheme, Maven module) and whatever
 * {@link StorageProvider}s {@link ServiceLoader} finds on the classpath.
 *
 * <p>Looking up a backend that is not installed fails at once with a {@link BackendNotInstalledException}
 * whose message names the dependency to add, or says why an installed module cannot be used.
 */
public final class Backends {

    /** A first-party backend: its id (Python's {@code MODEL_STORE_STORAGE} name), URI scheme and module. */
    public record Backend(String id, String scheme, String groupId, String artifactId, String providerClass) {

        /** {@code groupId:artifactId}. */
        public String coordinate() {
            return groupId + ":" + artifactId;
        }

        /** The Maven dependency that installs this backend, at the given version. */
        public String mavenSnippet(String version) {
            return Discovery.mavenSnippet(groupId, artifactId, version);
        }
    }

    /** Whether a backend can be used here; {@code problem} is null when it can. */
    public record Status(String id, Backend backend, boolean installed, Throwable problem) {
        public boolean usable() {
            return installed && problem == null;
        }
    }

    /** The first-party backends, in the order Python lists its storage types. */
    public static final List<Backend> FIRST_PARTY = List.of(
            new Backend(
                    "filesystem",
                    "file",
                    "io.modelstore",
                    "modelstore-local",
                    "io.modelstore.local.FileSystemStorageProvider"),
            new Backend("aws-s3", "s3", "io.modelstore", "modelstore-aws", "io.modelstore.aws.S3StorageProvider"),
            new Backend("minio", "minio", "io.modelstore", "modelstore-aws", "io.modelstore.aws.MinioStorageProvider"),
            new Backend(
                    "google-cloud-storage",
                    "gs",
                    "io.modelstore",
                    "modelstore-gcp",
                    "io.modelstore.gcp.GcsStorageProvider"),
            new Backend(
                    "azure-container",
                    "az",
                    "io.modelstore",
                    "modelstore-azure",
                    "io.modelstore.azure.AzureStorageProvider"),
            new Backend("hdfs", "hdfs", "io.modelstore", "modelstore-hdfs", "io.modelstore.hdfs.HdfsStorageProvider"));

    private final List<Backend> catalog;
    private final Discovery<StorageProvider> discovery;

    private Backends(List<Backend> catalog, ClassLoader loader) {
        this.catalog = List.copyOf(catalog);
        this.discovery =
                new Discovery<>(StorageProvider.class, loader, StorageProvider::id, StorageProvider::checkAvailable);
    }

    /** The first-party catalog, with providers found by the class loader that loaded modelstore-api. */
    public static Backends discover() {
        return new Backends(FIRST_PARTY, Backends.class.getClassLoader());
    }

    /** A catalog with providers found by {@code loader}; for applications with their own class loaders, and for tests. */
    public static Backends using(List<Backend> catalog, ClassLoader loader) {
        return new Backends(catalog, Objects.requireNonNull(loader, "loader"));
    }

    /** The first-party backend with this id, if there is one. */
    public Optional<Backend> byId(String id) {
        return catalog.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The first-party backend with this URI scheme, if there is one. */
    public Optional<Backend> byScheme(String scheme) {
        return catalog.stream().filter(b -> b.scheme().equalsIgnoreCase(scheme)).findFirst();
    }

    /** The usable provider of backend {@code id}, if it is installed. */
    public Optional<StorageProvider> installed(String id) {
        StorageProvider provider = scan().providers().get(id);
        return provider != null && discovery.problemOf(provider) == null ? Optional.of(provider) : Optional.empty();
    }

    /** Whether {@code id} names a first-party backend or an installed one. */
    public boolean isKnown(String id) {
        return byId(id).isPresent() || scan().providers().containsKey(id);
    }

    /** The first-party backends' ids, then those of the other installed providers, comma-separated. */
    public String knownIds() {
        List<String> ids = catalog.stream().map(Backend::id).collect(Collectors.toList());
        scan().providers().keySet().stream()
                .filter(id -> !ids.contains(id))
                .sorted()
                .forEach(ids::add);
        return String.join(", ", ids);
    }

    /**
     * The provider whose {@link StorageProvider#uriSchemes()} has {@code scheme}, or else the first-party backend of
     * that scheme (which then fails as not installed).
     *
     * @param uri the URI, for the message when no backend has the scheme (with no secret in it)
     * @throws BackendNotInstalledException when the scheme's backend is not installed
     * @throws ModelStoreException          when no backend has the scheme
     */
    public StorageProvider providerForScheme(String scheme, String uri) {
        for (StorageProvider provider : scan().providers().values()) {
            if (schemesOf(provider).contains(scheme.toLowerCase(java.util.Locale.ROOT))) {
                return provider(provider.id());
            }
        }
        Optional<Backend> firstParty = byScheme(scheme);
        if (firstParty.isPresent()) {
            return provider(firstParty.get().id());
        }
        throw new ModelStoreException("Unknown store URI scheme '" + scheme + "' in '" + uri + "'. Use one of: "
                + knownSchemes().stream().map(s -> s + "://").collect(Collectors.joining(", "))
                + " (or a plain directory path), or install the backend that reads it.");
    }

    /** The first-party backends' URI schemes, then those of the other installed providers. */
    public List<String> knownSchemes() {
        List<String> schemes = catalog.stream().map(Backend::scheme).distinct().collect(Collectors.toList());
        scan().providers()
                .values()
                .forEach(p ->
                        schemesOf(p).stream().filter(s -> !schemes.contains(s)).forEach(schemes::add));
        return schemes;
    }

    private static List<String> schemesOf(StorageProvider provider) {
        try {
            return provider.uriSchemes();
        } catch (LinkageError | RuntimeException e) {
            return List.of(); // a broken provider is reported when it is asked for by id
        }
    }

    /**
     * The provider of backend {@code id}, ready to create storage.
     *
     * @throws BackendNotInstalledException when its module is absent, or present but unusable
     */
    public StorageProvider provider(String id) {
        Backend backend = byId(id).orElse(null);
        Discovery.Scan<StorageProvider> scan = scan();
        Status status = diagnose(id, backend, scan);
        if (status.usable()) {
            return scan.providers().get(id);
        }
        String subject = "Storage backend '" + id + "'";
        if (status.installed()) {
            throw new BackendNotInstalledException(
                    id,
                    Discovery.broken(subject, backend == null ? null : backend.coordinate(), "SDK", status.problem()),
                    status.problem());
        }
        if (backend != null) {
            throw new BackendNotInstalledException(
                    id,
                    Discovery.notInstalled(subject, backend.groupId(), backend.artifactId()) + "\nInstalled backends: "
                            + describeInstalled(scan) + ".",
                    null);
        }
        throw new BackendNotInstalledException(
                id,
                "Unknown storage backend '" + id + "'. Known backends: "
                        + catalog.stream().map(Backend::id).collect(Collectors.joining(", "))
                        + ". Installed backends: " + describeInstalled(scan) + ".",
                null);
    }

    /** Every first-party backend and every other provider found, with whether it can be used here. */
    public List<Status> status() {
        Discovery.Scan<StorageProvider> scan = scan();
        List<Status> result = new ArrayList<>();
        for (Backend backend : catalog) {
            result.add(diagnose(backend.id(), backend, scan));
        }
        scan.providers().keySet().stream()
                .filter(id -> byId(id).isEmpty())
                .forEach(id -> result.add(diagnose(id, null, scan)));
        return result;
    }

    private Status diagnose(String id, Backend backend, Discovery.Scan<StorageProvider> scan) {
        Discovery.Diagnosis d = discovery.diagnose(id, backend == null ? null : backend.providerClass(), scan);
        return new Status(id, backend, d.installed(), d.problem());
    }

    private String describeInstalled(Discovery.Scan<StorageProvider> scan) {
        // In the catalog's order, whatever the classpath's, then other providers by name.
        List<String> order = catalog.stream().map(Backend::id).collect(Collectors.toList());
        List<String> usable = scan.providers().entrySet().stream()
                .filter(e -> discovery.problemOf(e.getValue()) == null)
                .map(Map.Entry::getKey)
                .sorted(java.util.Comparator.comparingInt(
                                (String id) -> order.contains(id) ? order.indexOf(id) : order.size())
                        .thenComparing(java.util.Comparator.naturalOrder()))
                .collect(Collectors.toList());
        return usable.isEmpty() ? "none" : String.join(", ", usable);
    }

    private Discovery.Scan<StorageProvider> scan() {
        return discovery.scan(catalog.stream().map(Backend::providerClass).collect(Collectors.toList()));
    }
}

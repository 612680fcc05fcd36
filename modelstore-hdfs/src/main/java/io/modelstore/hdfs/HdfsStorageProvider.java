package io.modelstore.hdfs;

import io.modelstore.spi.Endpoints;
import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code hdfs} backend (Python's {@code MODEL_STORE_STORAGE=hdfs}): {@code hdfs://namenode:8020/models}, also
 * {@code webhdfs://} and {@code viewfs://}. Settings: {@code root} (the store directory, required; Python's
 * {@code MODEL_STORE_HDFS_ROOT_PREFIX}), {@code filesystem} (the file system's URI; default: {@code fs.defaultFS} of
 * the Hadoop configuration), {@code create} ({@code true} to create the directory), {@code conf-dir} (the Hadoop
 * configuration directory; default {@code HADOOP_CONF_DIR}) and {@code conf} ({@code key=value,...} over it).
 */
public final class HdfsStorageProvider implements StorageProvider {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("root", "the directory of the store, such as /models")
                    .env("MODEL_STORE_HDFS_ROOT_PREFIX"),
            Setting.optional("filesystem", "the file system's URI, such as hdfs://namenode:8020; default: fs.defaultFS")
                    .asEndpoint(),
            Setting.optional("create", "true to create the directory when it does not exist"),
            Setting.optional("conf-dir", "the Hadoop configuration directory; default: HADOOP_CONF_DIR"),
            Setting.optional("conf", "Hadoop settings over the configuration's, as key=value,key=value"));

    @Override
    public String id() {
        return "hdfs";
    }

    @Override
    public List<String> uriSchemes() {
        return List.of("hdfs", "webhdfs", "viewfs");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** The scheme and authority name the file system, the path is the directory; a root prefix only from ?root-prefix=. */
    @Override
    public Map<String, String> fromUri(StoreUri uri) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("filesystem", uri.scheme() + "://" + uri.location());
        settings.put("root", uri.path().isEmpty() ? "/" : uri.path());
        settings.putAll(uri.query());
        return settings;
    }

    @Override
    public void checkAvailable() {
        for (String name :
                new String[] {"org.apache.hadoop.fs.FileSystem", "org.apache.hadoop.hdfs.DistributedFileSystem"}) {
            try {
                Class.forName(name, false, HdfsStorageProvider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(name.replace('.', '/'));
            }
        }
    }

    @Override
    public Storage create(Map<String, String> settings) {
        String root = settings.get("root");
        if (root == null || root.isBlank()) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The hdfs backend needs the 'root' setting: the " + "directory of the store, such as /models.",
                    "root",
                    null);
        }
        String fileSystem = settings.get("filesystem");
        URI uri = null;
        if (fileSystem != null && !fileSystem.isBlank()) {
            // Before the URI is parsed: a parse error would quote it.
            Endpoints.requireNoUserInfo(
                    fileSystem,
                    "The Hadoop file system URI",
                    "filesystem",
                    "through Kerberos (a keytab, or kinit) or, without security, HADOOP_USER_NAME");
            try {
                uri = URI.create(fileSystem);
            } catch (IllegalArgumentException e) {
                throw new StorageException(
                        Reason.INVALID_SETTINGS,
                        "The file system URI '" + fileSystem + "' is not a " + "URI: " + e.getMessage()
                                + ". Give one such as hdfs://namenode:8020.",
                        "filesystem",
                        e);
            }
            if (uri.getScheme() == null) {
                throw new StorageException(
                        Reason.INVALID_SETTINGS,
                        "The file system URI '" + fileSystem + "' has no "
                                + "scheme. Give one such as hdfs://namenode:8020.",
                        "filesystem",
                        null);
            }
        }
        String confDir = settings.getOrDefault("conf-dir", System.getenv("HADOOP_CONF_DIR"));
        return HdfsStorage.open(
                uri,
                root,
                HadoopConfigs.load(confDir, settings.get("conf")),
                Boolean.parseBoolean(settings.getOrDefault("create", "false")));
    }
}

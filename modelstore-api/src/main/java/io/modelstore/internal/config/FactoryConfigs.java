package io.modelstore.internal.config;

import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The {@link StoreConfig} behind a first-party factory of {@link ModelStore}: from its arguments or the environment. */
public final class FactoryConfigs {

    private FactoryConfigs() {}

    /** A first-party backend from this process's environment, as if {@code MODEL_STORE_STORAGE} named it. */
    public static StoreConfig fromEnvironmentAs(String backendId) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MODEL_STORE_STORAGE", backendId);
        return StoreConfig.fromEnvironment(env);
    }

    /** A local directory, created first when {@code createDirectory} is true. */
    public static StoreConfig fileSystem(Path root, boolean createDirectory) {
        Objects.requireNonNull(root, "root");
        return of("filesystem", "", "root", root.toString(), "create", String.valueOf(createDirectory));
    }

    /** A directory of HDFS: a URI when it has a scheme, else a path on the Hadoop configuration's default file system. */
    public static StoreConfig hdfs(String uriOrPath) {
        Objects.requireNonNull(uriOrPath, "uriOrPath");
        return uriOrPath.contains("://") ? StoreConfig.fromUri(uriOrPath) : of("hdfs", "", "root", uriOrPath);
    }

    /** The configuration of {@link io.modelstore.ModelStore#fromMinio(String, String, String, String, boolean, String)}. */
    public static StoreConfig minio(
            String endpoint, String accessKey, String secretKey, String bucket, boolean secure, String rootPrefix) {
        return of(
                "minio",
                rootPrefix,
                "endpoint",
                endpoint,
                "access-key",
                accessKey,
                "secret-key",
                secretKey,
                "bucket",
                bucket,
                "secure",
                String.valueOf(secure));
    }

    /** A backend with settings given as key, value, ...; a null value is left out so that the backend's default applies. */
    public static StoreConfig of(String backendId, String rootPrefix, String... keyValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                settings.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return StoreConfig.of(backendId, settings, rootPrefix);
    }
}

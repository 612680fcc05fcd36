package io.modelstore.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code modelstore.*} properties: {@code modelstore.uri}, or {@code modelstore.storage} with the backend's
 * {@code modelstore.<storage>.<setting>} keys (such as {@code modelstore.aws-s3.bucket}), as
 * {@link io.modelstore.StoreConfig#fromMap} reads them. Secrets come from the environment, never from a URI.
 */
@ConfigurationProperties(prefix = "modelstore")
public class ModelStoreProperties {

    /** The store, such as file:///srv/models or s3://bucket/prefix?region=eu-central-1. */
    private String uri;

    /**
     * The backend (filesystem, aws-s3, minio, google-cloud-storage, azure-container, hdfs), with its settings under
     * modelstore.&lt;storage&gt;.*; instead of uri.
     */
    private String storage;

    /** The key prefix the store lives below (Python's root_prefix). */
    private String rootPrefix;

    private final Cache cache = new Cache();

    private final Health health = new Health();

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getStorage() {
        return storage;
    }

    public void setStorage(String storage) {
        this.storage = storage;
    }

    public String getRootPrefix() {
        return rootPrefix;
    }

    public void setRootPrefix(String rootPrefix) {
        this.rootPrefix = rootPrefix;
    }

    public Cache getCache() {
        return cache;
    }

    public Health getHealth() {
        return health;
    }

    /** The local cache of downloaded models, shared by the JVMs of a machine. */
    public static class Cache {

        /** The cache's directory; no cache when unset. */
        private Path dir;

        /** The most the cache holds before it evicts the least recently used models: bytes, or such as 10G (K, M, G, T). */
        private String maxBytes;

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }

        public String getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(String maxBytes) {
            this.maxBytes = maxBytes;
        }
    }

    /** The modelstore health indicator. */
    public static class Health {

        /** How long a check's result is reused, so that probes do not ask the storage each time. */
        private Duration cacheTtl = Duration.ofSeconds(10);

        public Duration getCacheTtl() {
            return cacheTtl;
        }

        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }
}

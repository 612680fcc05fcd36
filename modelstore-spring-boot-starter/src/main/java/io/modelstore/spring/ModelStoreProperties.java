package io.modelstore.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

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

    /** Models to serve and keep current, by the name of their LiveModel bean, such as modelstore.follow.churn.domain. */
    private final Map<String, Follow> follow = new LinkedHashMap<>();

    /** {@return the store's URI ({@code modelstore.uri})} */
    public String getUri() {
        return uri;
    }

    /**
     * Sets the store's URI.
     *
     * @param uri the store's URI
     */
    public void setUri(String uri) {
        this.uri = uri;
    }

    /** {@return the backend's name ({@code modelstore.storage})} */
    public String getStorage() {
        return storage;
    }

    /**
     * Sets the backend's name.
     *
     * @param storage the backend's name
     */
    public void setStorage(String storage) {
        this.storage = storage;
    }

    /** {@return the key prefix the store lives below ({@code modelstore.root-prefix})} */
    public String getRootPrefix() {
        return rootPrefix;
    }

    /**
     * Sets the key prefix the store lives below.
     *
     * @param rootPrefix the key prefix the store lives below
     */
    public void setRootPrefix(String rootPrefix) {
        this.rootPrefix = rootPrefix;
    }

    /** {@return the cache's settings ({@code modelstore.cache.*})} */
    public Cache getCache() {
        return cache;
    }

    /** {@return the health indicator's settings ({@code modelstore.health.*})} */
    public Health getHealth() {
        return health;
    }

    /** {@return the followed models by name ({@code modelstore.follow.<name>.*}), to add to} */
    public Map<String, Follow> getFollow() {
        return follow;
    }

    /** The local cache of downloaded models, shared by the JVMs of a machine. */
    public static class Cache {

        /** The cache's directory; no cache when unset. */
        private Path dir;

        /** The most the cache holds before it evicts the least recently used models: bytes, or such as 10G (K, M, G, T). */
        private String maxBytes;

        /** {@return the cache's directory; null for no cache} */
        public Path getDir() {
            return dir;
        }

        /**
         * Sets the cache's directory.
         *
         * @param dir the cache's directory
         */
        public void setDir(Path dir) {
            this.dir = dir;
        }

        /** {@return the cache's size limit as text, such as {@code 10G}} */
        public String getMaxBytes() {
            return maxBytes;
        }

        /**
         * Sets the cache's size limit.
         *
         * @param maxBytes the cache's size limit: bytes, or with K, M, G or T
         */
        public void setMaxBytes(String maxBytes) {
            this.maxBytes = maxBytes;
        }
    }

    /** The modelstore health indicator. */
    public static class Health {

        /** How long a check's result is reused, so that probes do not ask the storage each time. */
        private Duration cacheTtl = Duration.ofSeconds(10);

        /** {@return how long a check's result is reused} */
        public Duration getCacheTtl() {
            return cacheTtl;
        }

        /**
         * Sets how long a check's result is reused.
         *
         * @param cacheTtl how long a check's result is reused
         */
        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }

    /** A model to serve: the newest of a domain, or of one of its states, loaded and swapped in when it changes. */
    public static class Follow {

        /** The domain whose newest model is served. */
        private String domain;

        /** The state (such as production) whose newest model is served; the domain's latest when unset. */
        private String state;

        /**
         * The class the model is loaded as, such as ai.onnxruntime.OrtSession (with modelstore-onnx) or
         * ml.dmlc.xgboost4j.java.Booster (with modelstore-xgboost); whatever its library's loader returns when unset.
         */
        private String type;

        /** How often to look for a newer model: one cheap request each time. */
        private Duration pollEvery = Duration.ofSeconds(30);

        /**
         * Whether a newer version whose inputs differ from the serving model's is swapped in all the same; by default
         * it is refused and the current model goes on serving.
         */
        private boolean acceptSignatureChanges;

        /**
         * The name of a bean of type io.modelstore.FollowOptions.Check run on each new version before it is swapped
         * in (and on the first): one that throws is refused.
         */
        private String check;

        /** {@return whether a version with other inputs is swapped in all the same} */
        public boolean isAcceptSignatureChanges() {
            return acceptSignatureChanges;
        }

        /**
         * Sets whether a version with other inputs is swapped in all the same.
         *
         * @param acceptSignatureChanges whether a version with other inputs is swapped in all the same
         */
        public void setAcceptSignatureChanges(boolean acceptSignatureChanges) {
            this.acceptSignatureChanges = acceptSignatureChanges;
        }

        /** {@return the name of the check's bean; null for none} */
        public String getCheck() {
            return check;
        }

        /**
         * Sets the name of a bean of type {@code io.modelstore.FollowOptions.Check}.
         *
         * @param check the name of a bean of type {@code io.modelstore.FollowOptions.Check}
         */
        public void setCheck(String check) {
            this.check = check;
        }

        /** {@return the domain whose newest model is served} */
        public String getDomain() {
            return domain;
        }

        /**
         * Sets the domain whose newest model is served.
         *
         * @param domain the domain whose newest model is served
         */
        public void setDomain(String domain) {
            this.domain = domain;
        }

        /** {@return the state whose newest model is served; null for the domain's latest} */
        public String getState() {
            return state;
        }

        /**
         * Sets the state whose newest model is served.
         *
         * @param state the state whose newest model is served
         */
        public void setState(String state) {
            this.state = state;
        }

        /** {@return the name of the class the model is loaded as; null for what its loader returns} */
        public String getType() {
            return type;
        }

        /**
         * Sets the name of the class the model is loaded as.
         *
         * @param type the name of the class the model is loaded as
         */
        public void setType(String type) {
            this.type = type;
        }

        /** {@return how often to look for a newer model} */
        public Duration getPollEvery() {
            return pollEvery;
        }

        /**
         * Sets how often to look for a newer model.
         *
         * @param pollEvery how often to look for a newer model
         */
        public void setPollEvery(Duration pollEvery) {
            this.pollEvery = pollEvery;
        }
    }
}

package io.modelstore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to upload: the model's files, and optionally its id, extra files, extra metadata and labels.
 *
 * <pre>{@code
 * UploadRequest request = UploadRequest.builder("fraud-detector")
 *         .file(Path.of("model.onnx"))
 *         .extra(Path.of("thresholds.json"))
 *         .metadata("owner", "ml-team")
 *         .library("onnx")
 *         .build();
 * ModelMetadata meta = store.upload(request);
 * }</pre>
 */
public final class UploadRequest {

    /** The library label Python's model_file manager writes for plain files. */
    public static final String DEFAULT_LIBRARY = "model_file";

    private final String domain;
    private final List<Path> files;
    private final List<Path> extras;
    private final String modelId;
    private final Map<String, Object> metadata;
    private final Map<String, Object> parameters;
    private final String library;
    private final String type;
    private final ProgressListener progress;

    private UploadRequest(Builder b) {
        this.domain = b.domain;
        this.files = List.copyOf(b.files);
        this.extras = List.copyOf(b.extras);
        this.modelId = b.modelId;
        this.metadata = b.metadata == null ? null : new LinkedHashMap<>(b.metadata);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.library = b.library;
        this.type = b.type;
        this.progress = b.progress;
    }

    /** Starts a request to upload to {@code domain}. */
    public static Builder builder(String domain) {
        return new Builder(domain);
    }

    public String domain() {
        return domain;
    }

    /** The model's files and directories; a directory's contents go to the archive's top level. */
    public List<Path> files() {
        return files;
    }

    /** Extra files, stored under {@code extras/} in the archive. */
    public List<Path> extras() {
        return extras;
    }

    /** The chosen model id; empty for a new UUID. */
    public Optional<String> modelId() {
        return Optional.ofNullable(modelId);
    }

    /** The user's extra metadata ({@code extra} in the metadata document), or null for none. */
    public Map<String, Object> metadata() {
        return metadata == null ? null : Collections.unmodifiableMap(metadata);
    }

    /** {@code model.parameters}. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    public String library() {
        return library;
    }

    /** The model type label, or null. */
    public String type() {
        return type;
    }

    /** Who hears how far the upload has got. */
    public ProgressListener progress() {
        return progress;
    }

    /** Builds an {@link UploadRequest}. */
    public static final class Builder {
        private final String domain;
        private final List<Path> files = new ArrayList<>();
        private final List<Path> extras = new ArrayList<>();
        private String modelId;
        private Map<String, Object> metadata;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private String library = DEFAULT_LIBRARY;
        private String type;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder(String domain) {
            this.domain = domain;
        }

        /** Adds a model file, or a directory whose contents go to the archive's top level. */
        public Builder file(Path file) {
            files.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Adds several model files or directories. */
        public Builder files(Path... more) {
            for (Path p : more) {
                file(p);
            }
            return this;
        }

        /** Adds an extra file (or directory), stored under {@code extras/}. */
        public Builder extra(Path extra) {
            extras.add(Objects.requireNonNull(extra, "extra"));
            return this;
        }

        /** Uses this model id instead of a new UUID; it must not exist in the domain. */
        public Builder modelId(String id) {
            this.modelId = id;
            return this;
        }

        /** Adds one entry of extra metadata; values must be JSON-able (strings, numbers, booleans, lists, maps). */
        public Builder metadata(String key, Object value) {
            if (metadata == null) {
                metadata = new LinkedHashMap<>();
            }
            metadata.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Adds extra metadata entries. */
        public Builder metadata(Map<String, ?> entries) {
            entries.forEach(this::metadata);
            return this;
        }

        /** Sets {@code model.parameters}, such as hyper-parameters. */
        public Builder parameters(Map<String, ?> params) {
            parameters.putAll(params);
            return this;
        }

        /** The library label ({@code model.model_type.library}); default {@value UploadRequest#DEFAULT_LIBRARY}. */
        public Builder library(String name) {
            this.library = Objects.requireNonNull(name, "library");
            return this;
        }

        /** The model type label ({@code model.model_type.type}), such as {@code LogisticRegression}. */
        public Builder type(String name) {
            this.type = name;
            return this;
        }

        /** Tells {@code listener} how far the upload has got (archiving, then uploading). */
        public Builder progress(ProgressListener listener) {
            this.progress = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        public UploadRequest build() {
            return new UploadRequest(this);
        }
    }
}

package io.modelstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.internal.ApiAccess;
import io.modelstore.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A model's metadata document, as Python modelstore 0.0.81 writes it, with typed access to its fields.
 * Immutable; {@link #toJson()} gives the whole document.
 */
public final class ModelMetadata {

    /**
     * The largest metadata document the store reads or writes: 16 MiB. A larger one is refused, on reading as a sign
     * that the store is damaged, without reading more than this.
     */
    public static final int MAX_DOCUMENT_SIZE = 16 << 20;

    static {
        ApiAccess.register(new ApiBridge());
    }

    private final ObjectNode json;
    private volatile Instant created; // parsed once: listings sort by it

    ModelMetadata(ObjectNode json) {
        this(json, false);
    }

    ModelMetadata(ObjectNode json, boolean owned) {
        this.json = owned ? json : json.deepCopy(); // owned: nothing else holds it, so no copy
    }

    /** Parses a metadata document written by Python or Java modelstore. */
    public static ModelMetadata fromJson(String json) {
        return new ModelMetadata(Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "Model metadata"), true);
    }

    /** {@code model.domain}. */
    public String domain() {
        return text(json.path("model").path("domain"));
    }

    /** {@code model.model_id}. */
    public String modelId() {
        return text(json.path("model").path("model_id"));
    }

    /** {@code model.model_type.library}, such as {@code sklearn} or {@code model_file}. */
    public String library() {
        return text(json.path("model").path("model_type").path("library"));
    }

    /** {@code model.model_type.type}, such as {@code LogisticRegression}, when the library names one. */
    public Optional<String> type() {
        return Optional.ofNullable(text(json.path("model").path("model_type").path("type")));
    }

    /**
     * When the model was created: {@code code.created_at} where Java wrote it (sub-second), otherwise
     * Python's {@code code.created} (one-second resolution, local time) read in this JVM's time zone.
     */
    public Instant created() {
        Instant parsed = created;
        if (parsed == null) {
            parsed = parseCreated();
            created = parsed;
        }
        return parsed;
    }

    private Instant parseCreated() {
        JsonNode code = json.path("code");
        String precise = text(code.path("created_at"));
        if (precise != null) {
            try {
                return Instant.parse(precise);
            } catch (DateTimeParseException ignored) {
                // fall back to Python's field
            }
        }
        String created = text(code.path("created"));
        if (created == null) {
            return Instant.EPOCH;
        }
        try {
            return LocalDateTime.parse(created, Json.PYTHON_CREATED)
                    .atZone(ZoneId.systemDefault())
                    .toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** {@code code.runtime}, such as {@code python:3.11.2} or {@code java:17.0.15}. */
    public Optional<String> runtime() {
        return Optional.ofNullable(text(json.path("code").path("runtime")));
    }

    /** The user's {@code extra} metadata; empty when there is none. */
    public Map<String, Object> extra() {
        return objectField(json.path("extra"));
    }

    /**
     * What the model takes and gives ({@code model.signature}), where a Java upload recorded it: the loader of its
     * library read it from the model's files. Python writes none, and ignores it.
     */
    public Optional<ModelSignature> signature() {
        JsonNode signature = json.path("model").path("signature");
        if (!signature.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelSignature.fromMap(Json.toMap(signature)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // written by something else: not ours to read
        }
    }

    /** {@code model.parameters}; empty when there are none. */
    public Map<String, Object> parameters() {
        return objectField(json.path("model").path("parameters"));
    }

    /** The {@code storage} object: where the archive was written. */
    public Map<String, Object> storage() {
        return objectField(json.path("storage"));
    }

    /** The archive's SHA-256 (hex) where Java uploaded it; Python writes none. */
    public Optional<String> archiveSha256() {
        return Optional.ofNullable(text(json.path("storage").path("sha256")));
    }

    /** The archive's size in bytes where Java uploaded it. */
    public OptionalLong archiveSize() {
        JsonNode size = json.path("storage").path("size");
        return size.canConvertToLong() ? OptionalLong.of(size.asLong()) : OptionalLong.empty();
    }

    /**
     * How many bytes the archive's files take once extracted ({@code storage.expanded_size}), where Java uploaded
     * it; a download stops when an archive expands past it.
     */
    public OptionalLong expandedSize() {
        JsonNode size = json.path("storage").path("expanded_size");
        return size.canConvertToLong() ? OptionalLong.of(size.asLong()) : OptionalLong.empty();
    }

    /** The whole document as a map of plain Java values. */
    public Map<String, Object> toMap() {
        return Json.toMap(json);
    }

    /** The whole document, one line, as Python writes it. */
    public String toJson() {
        return Json.python(json);
    }

    private static Map<String, Object> objectField(JsonNode node) {
        return node.isObject() ? Json.toMap(node) : Map.of();
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelMetadata other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}

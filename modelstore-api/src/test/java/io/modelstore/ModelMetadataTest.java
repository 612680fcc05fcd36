package io.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    private static ModelMetadata fixture() throws IOException {
        return ModelMetadata.fromJson(Files.readString(Fixtures.irisMetadata()));
    }

    // ------------------------------------------------------------------ written by Python

    @Test
    void pythonMetadataFields() throws IOException {
        ModelMetadata meta = fixture();

        assertThat(meta.domain()).isEqualTo("iris-classifier");
        assertThat(meta.modelId()).isEqualTo(Fixtures.IRIS_ID);
        assertThat(meta.library()).isEqualTo("sklearn");
        assertThat(meta.type()).contains("LogisticRegression");
        assertThat(meta.runtime()).contains("python:3.11.2");
        assertThat(meta.extra()).containsExactly(entry("run", 0), entry("owner", "ml-team"));
        assertThat(meta.parameters())
                .containsEntry("C", 1.0)
                .containsEntry("max_iter", 100)
                .containsEntry("class_weight", null)
                .containsEntry("solver", "lbfgs");
        assertThat(meta.storage()).containsOnlyKeys("type", "root", "path");
        // Python writes no checksum and no size.
        assertThat(meta.archiveSha256()).isEmpty();
        assertThat(meta.archiveSize()).isEmpty();
    }

    @Test
    void pythonCreatedIsLocalTimeInTheJvmZone() throws IOException {
        assertThat(fixture().created())
                .isEqualTo(LocalDateTime.of(2026, 11, 23, 22, 56, 38)
                        .atZone(ZoneId.systemDefault())
                        .toInstant());
    }

    @Test
    void pythonCreatedFollowsTheDefaultZone() throws IOException {
        // A fixed instant per zone, so that the test fails if the zone were ignored (e.g. UTC assumed).
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata")); // UTC+05:30
            assertThat(fixture().created()).isEqualTo(Instant.parse("2026-11-23T17:26:38Z"));
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York")); // UTC-05:00 in November
            assertThat(fixture().created()).isEqualTo(Instant.parse("2026-11-24T03:56:38Z"));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void toJsonKeepsTheWholeDocument() throws IOException {
        String original = Files.readString(Fixtures.irisMetadata());
        ModelMetadata meta = ModelMetadata.fromJson(original);

        assertThat(Json.MAPPER.readTree(meta.toJson())).isEqualTo(Json.MAPPER.readTree(original));
        assertThat(meta.toString()).isEqualTo(meta.toJson());
        assertThat(meta.toMap()).containsKeys("model", "storage", "modelstore", "code", "extra");
        assertThat(ModelMetadata.fromJson(meta.toJson())).isEqualTo(meta).hasSameHashCodeAs(meta);
    }

    @Test
    void modelFileLibraryHasNoType() throws IOException {
        ModelMetadata meta = ModelMetadata.fromJson(Files.readString(
                Fixtures.pythonStore().resolve("operatorai-model-store/fraud-detector/versions/fraud-v7.json")));

        assertThat(meta.library()).isEqualTo("model_file");
        assertThat(meta.type()).isEmpty();
        assertThat(meta.parameters()).isEmpty();
        assertThat(meta.extra()).isEmpty(); // no "extra" field at all
    }

    // ------------------------------------------------------------------ written by Java

    private static final String JAVA_DOCUMENT = "{\"model\": {\"domain\": \"fraud\", \"model_id\": \"m1\", "
            + "\"model_type\": {\"library\": \"onnx\"}, \"parameters\": {\"depth\": 3}}, "
            + "\"storage\": {\"type\": \"aws:s3\", \"bucket\": \"b\", "
            + "\"prefix\": \"operatorai-model-store/fraud/2026.11.23-22.56.38/m1/artifacts.tar.gz\", "
            + "\"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\", \"size\": 3000000000}, "
            + "\"modelstore\": \"0.0.81\", \"code\": {\"runtime\": \"java:17.0.15\", \"user\": \"svc\", "
            + "\"created\": \"2026/11/23/22:56:38\", \"created_at\": \"2026-11-23T21:56:38.123456Z\", "
            + "\"dependencies\": {\"modelstore-java\": \"0.1.0\"}}, \"extra\": {\"team\": [\"a\", \"b\"]}}";

    @Test
    void javaMetadataFields() {
        ModelMetadata meta = ModelMetadata.fromJson(JAVA_DOCUMENT);

        assertThat(meta.domain()).isEqualTo("fraud");
        assertThat(meta.modelId()).isEqualTo("m1");
        assertThat(meta.library()).isEqualTo("onnx");
        assertThat(meta.type()).isEmpty();
        assertThat(meta.runtime()).contains("java:17.0.15");
        // The precise created_at wins over Python's local, one-second "created".
        assertThat(meta.created()).isEqualTo(Instant.parse("2026-11-23T21:56:38.123456Z"));
        assertThat(meta.archiveSha256()).contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(meta.archiveSize()).hasValue(3_000_000_000L); // more than an int holds
        assertThat(meta.parameters()).containsExactly(entry("depth", 3));
        assertThat(meta.extra()).containsExactly(entry("team", List.of("a", "b")));
        assertThat(meta.storage()).containsEntry("type", "aws:s3").containsEntry("bucket", "b");
    }

    @Test
    void unparsableCreatedAtFallsBackToCreated() {
        ModelMetadata meta = ModelMetadata.fromJson(
                "{\"code\": {\"created\": \"2026/11/23/22:56:38\", \"created_at\": \"yesterday\"}}");

        assertThat(meta.created())
                .isEqualTo(LocalDateTime.of(2026, 11, 23, 22, 56, 38)
                        .atZone(ZoneId.systemDefault())
                        .toInstant());
    }

    @Test
    void missingOrUnparsableTimesAreTheEpoch() {
        assertThat(ModelMetadata.fromJson("{}").created()).isEqualTo(Instant.EPOCH);
        assertThat(ModelMetadata.fromJson("{\"code\": {\"created\": \"23.11.2026\"}}")
                        .created())
                .isEqualTo(Instant.EPOCH);
        assertThat(ModelMetadata.fromJson("{\"code\": {\"created\": 1764000000}}")
                        .created())
                .isEqualTo(Instant.EPOCH);
    }

    @Test
    void fieldsOfTheWrongTypeAreAbsent() {
        ModelMetadata meta = ModelMetadata.fromJson("{\"model\": {\"domain\": 7, \"model_type\": \"sklearn\"}, "
                + "\"storage\": {\"sha256\": 12, \"size\": \"12\"}, \"extra\": [1]}");

        assertThat(meta.domain()).isNull();
        assertThat(meta.library()).isNull();
        assertThat(meta.archiveSha256()).isEmpty();
        assertThat(meta.archiveSize()).isEmpty();
        assertThat(meta.extra()).isEmpty();
    }

    @Test
    void isImmutable() {
        ObjectNode node = (ObjectNode) Json.fromValue(Map.of("model", Map.of("domain", "fraud")));
        ModelMetadata meta = new ModelMetadata(node);

        ((ObjectNode) node.get("model")).put("domain", "changed");
        Map<String, Object> map = meta.toMap();
        try {
            map.put("extra", Map.of("x", 1));
        } catch (UnsupportedOperationException e) {
            // an unmodifiable copy is fine too
        }

        assertThat(meta.domain()).isEqualTo("fraud");
        assertThat(meta.extra()).isEmpty();
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> ModelMetadata.fromJson("[]"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessage("Model metadata is not a JSON object. The store may be damaged: restore it from a backup.");
        assertThatThrownBy(() -> ModelMetadata.fromJson("{\"model\": "))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageStartingWith("Model metadata is not valid JSON (");
    }
}

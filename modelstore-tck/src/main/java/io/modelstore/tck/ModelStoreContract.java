package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.DomainNotFoundException;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelExistsException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotFoundException;
import io.modelstore.ModelStore;
import io.modelstore.StateNotFoundException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store contract that every backend passes through {@link ModelStore}: upload, list, download, delete and states
 * in the Python layout, and the format Python writes. It includes {@link ListingContract}, listing order and cost,
 * kept in a file of its own. What is refused is {@link SafetyContract}'s.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class ModelStoreContract extends ListingContract {

    // ------------------------------------------------------------------ upload, list, info, download

    /** For the subclasses. */
    protected ModelStoreContract() {}

    @Test
    void uploadsListsAndDownloadsAModelWithExtrasAndMetadata() throws IOException {
        Path model = file("model.bin", randomBytes(50_000, 1));
        Path extra = file("notes/README.txt", bytes("how to use it"));

        ModelMetadata meta = store.upload(UploadRequest.builder("fraud")
                .file(model)
                .extra(extra)
                .modelId("fraud-v1")
                .metadata("owner", "ml-team")
                .metadata("auc", 0.93)
                .library("sklearn")
                .type("LogisticRegression")
                .build());

        assertThat(meta.domain()).isEqualTo("fraud");
        assertThat(meta.modelId()).isEqualTo("fraud-v1");
        assertThat(meta.library()).isEqualTo("sklearn");
        assertThat(meta.type()).contains("LogisticRegression");
        assertThat(meta.extra()).containsEntry("owner", "ml-team").containsEntry("auc", 0.93);
        assertThat(meta.runtime()).hasValueSatisfying(r -> assertThat(r).startsWith("java:"));
        assertThat(meta.archiveSha256()).hasValueSatisfying(s -> assertThat(s).hasSize(64));

        assertThat(store.listDomains()).containsExactly("fraud");
        assertThat(store.listModels("fraud")).containsExactly("fraud-v1");
        assertThat(store.modelExists("fraud", "fraud-v1")).isTrue();
        assertThat(store.modelExists("fraud", "fraud-v2")).isFalse();
        assertThat(store.getModelInfo("fraud", "fraud-v1")).isEqualTo(meta);
        assertThat(store.getDomain("fraud")).isEqualTo(meta);

        Path target = tmp.resolve("out");
        assertThat(store.download(target, "fraud", "fraud-v1")).isEqualTo(target);
        assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(Files.readAllBytes(model));
        assertThat(Files.readString(target.resolve("extras/README.txt"))).isEqualTo("how to use it");
        assertThat(JSON.readTree(target.resolve("model-info.json").toFile()))
                .isEqualTo(JSON.readTree("{\"library\": \"sklearn\", \"type\": \"LogisticRegression\"}"));
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("model.bin", "extras", "model-info.json");
        }
    }

    @Test
    void theArchiveChecksumAndSizeDescribeTheStoredArchive() throws Exception {
        ModelMetadata meta = store.upload("fraud", file("model.bin", randomBytes(10_000, 2)));
        String archiveKey = archiveKey("fraud", meta.modelId());
        byte[] archive = read(archiveKey);
        assertThat(meta.archiveSha256()).contains(sha256(archive));
        assertThat(meta.archiveSize()).hasValue(archive.length);
        assertThat(meta.expandedSize())
                .as("the files' bytes, model-info.json's too")
                .hasValue(10_000 + "{\"library\": \"model_file\"}".length());
    }

    @Test
    void uploadsADirectoryWithItsContentsAtTheTop() throws IOException {
        Path dir = tmp.resolve("in/saved_model");
        file("saved_model/saved_model.pb", bytes("graph"));
        file("saved_model/variables/variables.index", bytes("index"));

        ModelMetadata meta = store.upload("tf", dir);
        Path target = tmp.resolve("out");
        store.download(target, "tf", meta.modelId());

        assertThat(Files.readString(target.resolve("saved_model.pb"))).isEqualTo("graph");
        assertThat(Files.readString(target.resolve("variables/variables.index")))
                .isEqualTo("index");
    }

    @Test
    void downloadWithoutModelIdGetsTheLatest() throws IOException {
        at(Instant.parse("2025-06-01T10:00:00Z"))
                .upload(UploadRequest.builder("d")
                        .file(file("a/model.bin", bytes("old")))
                        .modelId("old")
                        .build());
        at(Instant.parse("2025-06-01T10:00:01Z"))
                .upload(UploadRequest.builder("d")
                        .file(file("b/model.bin", bytes("new")))
                        .modelId("new")
                        .build());

        Path target = tmp.resolve("latest");
        store.download(target, "d");
        assertThat(Files.readString(target.resolve("model.bin"))).isEqualTo("new");
    }

    @Test
    void aTargetThatCannotBeADirectoryIsAClearErrorNamingIt() throws IOException {
        store.upload(UploadRequest.builder("d")
                .file(file("a/model.bin", bytes("m")))
                .modelId("m")
                .build());
        Path aFile = Files.writeString(tmp.resolve("a-file"), "in the way");
        Path target = aFile.resolve("target");

        assertThatThrownBy(() -> store.download(target, "d", "m"))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot download the archive of d/m at ")
                .hasMessageContaining(" to " + target + ": ")
                .hasMessageEndingWith("Check the directory's permissions and free space.");
        assertThat(aFile).hasContent("in the way");
    }

    @Test
    void largeModelsStreamThroughUploadAndDownload() throws IOException {
        Path big = tmp.resolve("weights.bin");
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < largeModelMiB(); i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        ModelMetadata meta = store.upload("big", big);
        assertThat(meta.archiveSize().orElseThrow()).isGreaterThan(Files.size(big));

        Path target = tmp.resolve("out");
        store.download(target, "big", meta.modelId());
        assertThat(Files.mismatch(big, target.resolve("weights.bin"))).isEqualTo(-1L);
    }

    /** Size of the large-model test; a backend whose multipart threshold is higher may raise it. */
    protected int largeModelMiB() {
        return 24;
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deletingAModelLeavesATombstoneAndMovesTheLatestBack() throws IOException {
        String first = at(Instant.parse("2025-06-01T10:00:00Z"))
                .upload("d", file("a/m.bin", bytes("a")))
                .modelId();
        String second = at(Instant.parse("2025-06-01T10:00:01Z"))
                .upload("d", file("b/m.bin", bytes("b")))
                .modelId();
        store.createModelState("production");
        store.setModelState("d", second, "production");

        store.deleteModel("d", second);

        assertThat(store.listModels("d")).containsExactly(first);
        assertThat(store.getDomain("d").modelId()).isEqualTo(first);
        assertThat(store.listModels("d", "production")).isEmpty();
        assertThat(store.modelExists("d", second)).isFalse();
        assertThatThrownBy(() -> store.getModelInfo("d", second))
                .isInstanceOf(ModelDeletedException.class)
                .hasMessage("Model '" + second
                        + "' in domain 'd' was deleted. List the domain's models with listModels(\"d\").");
        assertThat(storage.stat(base() + "d/versions/modelstore-deleted/" + second + ".json"))
                .isPresent();
        assertThat(storage.stat(base() + "model_states/modelstore-deleted.json"))
                .isPresent();
        assertThat(archiveKeys("d")).hasSize(1);
        assertThat(store.listModelStates()).containsExactly("production");
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d")
                        .file(file("c/m.bin", bytes("c")))
                        .modelId(second)
                        .build()))
                .isInstanceOf(ModelExistsException.class);

        store.deleteModel("d", first);
        assertThat(store.listModels("d")).isEmpty();
        assertThatThrownBy(() -> store.getDomain("d")).isInstanceOf(DomainNotFoundException.class);
        assertThat(store.listDomains()).isEmpty();
    }

    @Test
    void deletingAModelThatIsNotTheLatestLeavesThePointerUntouched() throws IOException {
        String older = at(Instant.parse("2025-06-01T10:00:00Z"))
                .upload("d", file("a/m.bin", bytes("a")))
                .modelId();
        String newer = at(Instant.parse("2025-06-01T10:00:01Z"))
                .upload("d", file("b/m.bin", bytes("b")))
                .modelId();
        storage.reset();

        store.deleteModel("d", older);

        // Python and other writers read the pointer: a rewrite would race them for nothing.
        assertThat(storage.writesOf(k -> k.endsWith("/domains/d.json"))).isZero();
        assertThat(store.getDomain("d").modelId()).isEqualTo(newer);
    }

    // ------------------------------------------------------------------ states

    @Test
    void modelStatesAreCreatedSetRemovedAndDeleted() throws IOException {
        String a = store.upload("d", file("a/m.bin", bytes("a"))).modelId();
        String b = store.upload("e", file("b/m.bin", bytes("b"))).modelId();

        store.createModelState("production");
        store.createModelState("production"); // idempotent, as in Python
        store.createModelState("staging");
        assertThat(store.listModelStates()).containsExactly("production", "staging");

        assertThatThrownBy(() -> store.setModelState("d", a, "archived"))
                .isInstanceOf(StateNotFoundException.class)
                .hasMessage("State 'archived' does not exist. Existing states: production, staging. Create it first "
                        + "with createModelState(\"archived\").");
        store.setModelState("d", a, "production");
        store.setModelState("d", a, "staging");
        store.setModelState("e", b, "production");
        assertThat(store.getModelStates("d", a)).containsExactly("production", "staging");

        store.removeModelState("d", a, "staging");
        assertThat(store.getModelStates("d", a)).containsExactly("production");
        assertThat(store.listModels("d", "staging")).isEmpty();

        store.deleteModelState("production");
        assertThat(store.listModelStates()).containsExactly("staging");
        assertThat(store.getModelStates("d", a)).isEmpty();
        assertThat(allKeys()).noneMatch(k -> k.contains("/versions/production/"));
        assertThatThrownBy(() -> store.setModelState("d", a, "production")).isInstanceOf(StateNotFoundException.class);
        assertThatThrownBy(() -> store.setModelState("d", "nope", "staging"))
                .isInstanceOf(ModelNotFoundException.class);
    }

    // ------------------------------------------------------------------ format: what Python writes

    @Test
    void theKeyLayoutIsPythons() throws IOException {
        Instant t = Instant.parse("2025-03-04T05:06:07Z");
        at(t).upload(UploadRequest.builder("iris")
                .file(file("a/m.bin", bytes("a")))
                .modelId("m1")
                .build());
        ModelStore later = at(t.plusSeconds(1));
        later.upload(UploadRequest.builder("iris")
                .file(file("b/m.bin", bytes("b")))
                .modelId("m2")
                .build());
        later.createModelState("production");
        later.setModelState("iris", "m2", "production");
        later.deleteModel("iris", "m1");

        String b = base();
        assertThat(allKeys())
                .containsExactlyInAnyOrder(
                        b + "domains/iris.json",
                        b + "model_states/production.json",
                        b + "model_states/modelstore-deleted.json",
                        b + "iris/2025.03.04-05.06.08/m2/artifacts.tar.gz",
                        b + "iris/versions/m2.json",
                        b + "iris/versions/production/m2.json",
                        b + "iris/versions/modelstore-deleted/m1.json");
        assertThat(JSON.readTree(read(b + "model_states/production.json")))
                .isEqualTo(JSON.readTree("{\"created\": \"2025/03/04/05:06:08\", \"state_name\": \"production\"}"));
        assertThat(new String(read(b + "iris/versions/production/m2.json"), StandardCharsets.UTF_8))
                .isEqualTo(new String(read(b + "iris/versions/m2.json"), StandardCharsets.UTF_8));
        assertThat(new String(read(b + "domains/iris.json"), StandardCharsets.UTF_8))
                .isEqualTo(new String(read(b + "iris/versions/m2.json"), StandardCharsets.UTF_8));
    }

    @Test
    void metadataHasEveryFieldPythonWritesAndOnlyAddsItsOwn() throws IOException {
        ModelMetadata meta = store.upload(UploadRequest.builder("iris")
                .file(file("m.bin", bytes("m")))
                .metadata("run", 1)
                .build());
        JsonNode java = JSON.readTree(read(base() + "iris/versions/" + meta.modelId() + ".json"));
        JsonNode python = JSON.readTree(PythonFixture.storeRoot()
                .resolve("operatorai-model-store/iris-classifier/versions/67124a3c-dbba-4f4c-b72a-71ebe5b89f08.json")
                .toFile());

        // Python's fields outside "storage" (whose fields are the backend's), minus what only sklearn writes.
        Set<String> pythonFields = fieldPaths(python, "");
        pythonFields.removeIf(f -> f.equals("model.model_type.type")
                || f.startsWith("storage.")
                || f.startsWith("model.parameters.")
                || f.startsWith("model.data")
                || f.startsWith("code.dependencies.")
                || f.startsWith("extra."));
        assertThat(fieldPaths(java, "")).containsAll(pythonFields);
        assertThat(fieldPaths(java, ""))
                .filteredOn(f -> !f.startsWith("storage.") && !f.startsWith("extra."))
                .containsExactlyInAnyOrder(
                        "model",
                        "model.domain",
                        "model.model_id",
                        "model.model_type",
                        "model.model_type.library",
                        "model.parameters",
                        "storage",
                        "modelstore",
                        "code",
                        "code.runtime",
                        "code.user",
                        "code.created",
                        "code.created_at",
                        "code.dependencies",
                        "code.dependencies.modelstore-java",
                        "extra");
        Map<String, Object> location = storage.location(archiveKey("iris", meta.modelId()));
        for (Map.Entry<String, Object> field : location.entrySet()) {
            assertThat(java.path("storage").path(field.getKey()).asText())
                    .as("storage." + field.getKey())
                    .isEqualTo(String.valueOf(field.getValue()));
        }
        // In "storage", the backend's location and Java's own: the archive's checksum and size, and its files' size.
        Set<String> storageFields = new TreeSet<>(location.keySet());
        storageFields.addAll(List.of("sha256", "size", "expanded_size"));
        assertThat(java.path("storage").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(storageFields);
        assertThat(java.path("modelstore").asText()).isEqualTo("0.0.81");
        assertThat(java.path("code").path("created").asText()).matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}:\\d{2}:\\d{2}");
        assertThat(java.path("model").path("model_type").path("library").asText())
                .isEqualTo("model_file");
        // Python's json.dumps layout: one line, ", " and ": ".
        String text = new String(read(base() + "iris/versions/" + meta.modelId() + ".json"), StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("{\"model\": {\"domain\": \"iris\", \"model_id\": ")
                .doesNotContain("\n");
    }
}

package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the store written by the real Python modelstore 0.0.81 ({@link PythonFixture}) and checks every answer
 * against its {@code manifest.json}: domains, models in Python's order, states, the deleted model, and every
 * model's files byte-identical to its archive.
 */
public abstract class PythonFixtureContract {

    /** For the subclasses. */
    protected PythonFixtureContract() {}

    /** A store holding the fixture: read in place, or copied into the backend (see {@link PythonFixture#copyInto}). */
    protected abstract ModelStore openFixtureStore() throws Exception;

    private ModelStore store;
    private final JsonNode manifest = PythonFixture.manifest();

    @TempDir
    Path tmp;

    @BeforeEach
    void open() throws Exception {
        store = openFixtureStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void listsTheDomainsPythonListed() {
        assertThat(store.listDomains()).isEqualTo(strings(manifest.path("list_domains")));
    }

    @Test
    void listsEachDomainsModelsInPythonsOrder() {
        fields(manifest.path("list_models"))
                .forEach((domain, ids) ->
                        assertThat(store.listModels(domain)).as(domain).isEqualTo(strings(ids)));
    }

    @Test
    void listsModelsPerState() {
        fields(manifest.path("states"))
                .forEach((state, byDomain) -> fields(byDomain)
                        .forEach((domain, ids) -> assertThat(store.listModels(domain, state))
                                .as(state + " in " + domain)
                                .isEqualTo(strings(ids))));
        assertThat(store.listModelStates())
                .containsExactlyElementsOf(fields(manifest.path("states")).keySet());
    }

    @Test
    void reportsTheDeletedModelAsDeleted() {
        for (JsonNode deleted : manifest.path("deleted")) {
            String domain = deleted.path("domain").asText();
            String id = deleted.path("model_id").asText();
            assertThatThrownBy(() -> store.getModelInfo(domain, id)).isInstanceOf(ModelDeletedException.class);
            assertThat(store.modelExists(domain, id)).isFalse();
            assertThat(store.listModels(domain)).doesNotContain(id);
        }
    }

    @Test
    void readsEveryModelsMetadata() {
        Set<String> deleted = new HashSet<>();
        manifest.path("deleted")
                .forEach(d -> deleted.add(
                        d.path("domain").asText() + "/" + d.path("model_id").asText()));
        List<String> read = new ArrayList<>();
        fields(manifest.path("domains")).forEach((domain, models) -> {
            for (JsonNode model : models) {
                String id = model.path("model_id").asText();
                if (deleted.contains(domain + "/" + id)) {
                    continue; // reportsTheDeletedModelAsDeleted
                }
                read.add(id);
                ModelMetadata meta = store.getModelInfo(domain, id);
                assertThat(meta.domain()).isEqualTo(domain);
                assertThat(meta.modelId()).isEqualTo(id);
                assertThat(meta.library()).isEqualTo(model.path("library").asText());
                assertThat(meta.archiveSha256()).as("Python writes no checksum").isEmpty();
            }
        });
        assertThat(read)
                .as("every model the manifest lists but the deleted")
                .hasSize(fields(manifest.path("list_models")).values().stream()
                        .mapToInt(JsonNode::size)
                        .sum());
        List<String> latest = strings(manifest.path("list_models").path("iris-classifier"));
        assertThat(store.getDomain("iris-classifier").modelId()).isEqualTo(latest.get(0));
        assertThat(store.getDomain("iris-classifier").extra())
                .containsEntry("owner", "ml-team")
                .containsEntry("run", 2);
    }

    @Test
    void downloadsEveryModelByteIdenticalToItsArchive() throws IOException {
        for (Map.Entry<String, JsonNode> domain :
                fields(manifest.path("list_models")).entrySet()) {
            for (String id : strings(domain.getValue())) {
                Path target = tmp.resolve(domain.getKey()).resolve(id);
                store.download(target, domain.getKey(), id);
                assertHoldsTheArchiveOf(target, domain.getKey(), id);
            }
        }
    }

    @Test
    void downloadsTheLatestWithoutAnId() throws IOException {
        Path target = tmp.resolve("latest");
        store.download(target, "fraud-detector");
        assertHoldsTheArchiveOf(
                target,
                "fraud-detector",
                strings(manifest.path("list_models").path("fraud-detector")).get(0));
    }

    /** {@code target} holds exactly the files of the model's archive in the fixture, byte for byte. */
    private void assertHoldsTheArchiveOf(Path target, String domain, String id) throws IOException {
        Map<String, byte[]> archive;
        try (InputStream in = Files.newInputStream(PythonFixture.archiveOf(domain, id))) {
            archive = PythonFixture.archiveContents(in);
        }
        assertThat(archive.keySet()).containsExactlyInAnyOrderElementsOf(manifestFiles(domain, id));
        try (Stream<Path> files = Files.walk(target)) {
            List<String> downloaded = files.filter(Files::isRegularFile)
                    .map(p -> target.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toList());
            assertThat(downloaded).containsExactlyInAnyOrderElementsOf(archive.keySet());
        }
        for (Map.Entry<String, byte[]> file : archive.entrySet()) {
            assertThat(Files.readAllBytes(target.resolve(file.getKey())))
                    .as(id + ": " + file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    private List<String> manifestFiles(String domain, String id) {
        for (JsonNode model : manifest.path("domains").path(domain)) {
            if (model.path("model_id").asText().equals(id)) {
                return strings(model.path("files"));
            }
        }
        throw new AssertionError("manifest has no files for " + domain + "/" + id);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}

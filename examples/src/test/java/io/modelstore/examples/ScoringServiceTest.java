package io.modelstore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.xgboost.XGBoostModelLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring service on a copy of the store that Python modelstore wrote: it answers with the production model's
 * probabilities, as Python computed them, and after the state is moved the way Python moves it, with the other model's.
 */
class ScoringServiceTest {

    private static final String DOMAIN = "churn-xgb";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeEach
    void xgboostRuns() {
        String problem;
        try {
            new XGBoostModelLoader().checkAvailable();
            problem = null;
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "XGBoost4J's native library cannot load on this machine: " + problem);
    }

    @Test
    void answersWithTheProductionModelAndFollowsItWhenPythonMovesTheState() throws Exception {
        Path root = PythonFixture.copyStore(PythonFixture.SERVING, tmp.resolve("store"));
        String production = PythonFixture.manifest(PythonFixture.SERVING)
                .path("production")
                .path(DOMAIN)
                .asText();
        JsonNode productionModel = model(production);
        JsonNode other = PythonFixture.servingModels(DOMAIN).stream()
                .filter(m -> !m.path("model_id").asText().equals(production))
                .findFirst()
                .orElseThrow();

        try (ModelStore store = ModelStore.fromFileSystem(root);
                ScoringService service = ScoringService.start(store, DOMAIN, "production", 0, Duration.ofMillis(50))) {
            JsonNode answer = predict(service, productionModel.path("rows"));
            assertThat(answer.path("model_id").asText()).isEqualTo(production);
            assertProbabilities(answer, productionModel);

            // Python's set_model_state copies the metadata into the state; remove_model_state deletes the copy.
            Path versions = root.resolve("operatorai-model-store/" + DOMAIN + "/versions");
            String otherId = other.path("model_id").asText();
            Files.copy(versions.resolve(otherId + ".json"), versions.resolve("production/" + otherId + ".json"));
            Files.delete(versions.resolve("production/" + production + ".json"));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode moved = predict(service, other.path("rows"));
            while (!moved.path("model_id").asText().equals(otherId) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                moved = predict(service, other.path("rows"));
            }
            assertThat(moved.path("model_id").asText()).isEqualTo(otherId);
            assertProbabilities(moved, other);
        }
    }

    private static JsonNode model(String id) {
        return PythonFixture.servingModels(DOMAIN).stream()
                .filter(m -> m.path("model_id").asText().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static void assertProbabilities(JsonNode answer, JsonNode expected) {
        JsonNode got = answer.path("proba_class1");
        JsonNode pythons = expected.path("proba_class1");
        assertThat(got.size()).isEqualTo(pythons.size());
        for (int i = 0; i < pythons.size(); i++) {
            assertThat(got.get(i).asDouble())
                    .as("row %d", i)
                    .isCloseTo(pythons.get(i).asDouble(), within(1e-5));
        }
    }

    private static JsonNode predict(ScoringService service, JsonNode rows) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(JSON.createObjectNode().set("rows", rows))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

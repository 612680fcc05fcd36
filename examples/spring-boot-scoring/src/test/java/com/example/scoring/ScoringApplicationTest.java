package com.example.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.tck.PythonFixture;
import io.modelstore.xgboost.XGBoostModelLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service over HTTP on a copy of the store that Python modelstore wrote: it answers with the production model's
 * probabilities as Python computed them, follows the state when Python moves it, and shows the modelstore health
 * component and meters on the actuator's endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScoringApplicationTest {

    private static final String DOMAIN = "churn-xgb";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;

    @LocalServerPort
    int port;

    @BeforeAll
    static void pythonsStore() throws IOException {
        String problem = null;
        try {
            new XGBoostModelLoader().checkAvailable();
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "XGBoost4J's native library cannot load on this machine: " + problem);
        root = PythonFixture.copyStore(PythonFixture.SERVING,
                Files.createDirectories(Path.of("target", "scoring-store-" + System.nanoTime()).toAbsolutePath())); // cleaned with target/
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("modelstore.uri", () -> root.toUri().toString());
        properties.add("modelstore.follow.churn.poll-every", () -> "100ms");
        properties.add("modelstore.health.cache-ttl", () -> "0s");
    }

    @Test
    void scoresWithTheProductionModelFollowsItWhenPythonMovesTheStateAndShowsHealthAndMeters() throws Exception {
        String production = PythonFixture.manifest(PythonFixture.SERVING).path("production").path(DOMAIN).asText();
        JsonNode productionModel = PythonFixture.servingModels(DOMAIN).stream()
                .filter(m -> m.path("model_id").asText().equals(production)).findFirst().orElseThrow();
        JsonNode other = PythonFixture.servingModels(DOMAIN).stream()
                .filter(m -> !m.path("model_id").asText().equals(production)).findFirst().orElseThrow();

        JsonNode answer = predict(productionModel.path("rows"));
        assertThat(answer.path("model_id").asText()).isEqualTo(production);
        assertProbabilities(answer, productionModel);

        // Python's set_model_state copies the metadata into the state; remove_model_state deletes the copy.
        Path versions = root.resolve("operatorai-model-store/" + DOMAIN + "/versions");
        String otherId = other.path("model_id").asText();
        Files.copy(versions.resolve(otherId + ".json"), versions.resolve("production/" + otherId + ".json"));
        Files.delete(versions.resolve("production/" + production + ".json"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode moved = predict(other.path("rows"));
        while (!moved.path("model_id").asText().equals(otherId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            moved = predict(other.path("rows"));
        }
        assertThat(moved.path("model_id").asText()).isEqualTo(otherId);
        assertProbabilities(moved, other);

        JsonNode health = get("/actuator/health/modelstore", 200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("domains").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode swaps = get("/actuator/metrics/modelstore.live.swaps?tag=name:churn", 200);
        assertThat(swaps.path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);
        JsonNode reads = get("/actuator/metrics/modelstore.storage.requests?tag=operation:read", 200);
        assertThat(reads.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void rowsOfDifferentLengthsAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> response = post("{\"rows\": [[1, 2, 3], [1, 2]]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("row 1 does not have 3 features, as row 0 has");
    }

    private static void assertProbabilities(JsonNode answer, JsonNode expected) {
        JsonNode got = answer.path("proba_class1");
        JsonNode pythons = expected.path("proba_class1");
        assertThat(got.size()).isEqualTo(pythons.size());
        for (int i = 0; i < pythons.size(); i++) {
            assertThat(got.get(i).asDouble()).as("row %d", i).isCloseTo(pythons.get(i).asDouble(), within(1e-5));
        }
    }

    private JsonNode predict(JsonNode rows) throws Exception {
        HttpResponse<String> response = post(JSON.writeValueAsString(JSON.createObjectNode().set("rows", rows)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}

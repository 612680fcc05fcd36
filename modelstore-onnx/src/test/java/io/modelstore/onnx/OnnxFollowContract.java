package io.modelstore.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.FollowOptions;
import io.modelstore.LiveModel;
import io.modelstore.ModelRefusedException;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.LiveModelFailures;
import io.modelstore.tck.PythonFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hot swap that never breaks its callers, on the ONNX models Python wrote ({@code intent-onnx}: v1 and v3 take 4
 * features, v2 takes 5): following {@code production} while Python moves it from v1 to v2 keeps v1 serving, and
 * swaps to v3 when the state moves on. A backend's test returns a fresh, empty storage from {@link #createStorage()}.
 */
abstract class OnnxFollowContract {

    private static final String DOMAIN = "intent-onnx";
    private static final Duration POLL = Duration.ofMillis(50);

    protected abstract Storage createStorage() throws Exception;

    private Storage storage;
    private ModelStore store;
    private Map<String, String> ids; // v1, v2, v3 -> model id

    @BeforeEach
    void pythonsStore() throws Exception {
        String problem = null;
        try {
            new OnnxModelLoader().checkAvailable();
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "ONNX Runtime's native library cannot load on this machine: " + problem);
        storage = createStorage();
        PythonFixture.copyInto(storage, "", PythonFixture.RUNTIMES);
        store = ModelStore.fromStorage(storage);
        JsonNode guard = PythonFixture.manifest(PythonFixture.RUNTIMES).path("guard");
        ids = Map.of(
                "v1",
                guard.path("v1").asText(),
                "v2",
                guard.path("v2").asText(),
                "v3",
                guard.path("v3").asText());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aVersionWithOtherInputsIsRefusedAndTheNextCompatibleOneIsSwappedIn() throws Exception {
        try (LiveModel<OrtSession> live = store.follow(DOMAIN, "production", OrtSession.class, POLL)) {
            List<Exception> failures = LiveModelFailures.of(live);
            assertThat(live.signature())
                    .contains(new ModelSignature(
                            List.of(new ModelSignature.Tensor("features", "float32", List.of(-1L, 4L))),
                            List.of(new ModelSignature.Tensor("score", "float32", List.of(-1L, 1L)))));
            assertPredicts(live, "v1");

            moveProduction("v1", "v2"); // as Python's set_model_state and remove_model_state do
            await(() -> live.refusal().isPresent());
            ModelRefusedException refused = live.refusal().orElseThrow();
            assertThat(refused.refused().modelId()).isEqualTo(ids.get("v2"));
            assertThat(refused.getMessage())
                    .contains("(features: float32[-1, 5])")
                    .contains("(features: float32[-1, 4])")
                    .contains("acceptSignatureChanges(true)");
            assertThat(failures).hasSize(1).allMatch(f -> f instanceof ModelRefusedException);
            assertThat(live.current().modelId()).isEqualTo(ids.get("v1"));
            Thread.sleep(300); // polls more: v2 is not loaded again, v1 goes on serving
            assertThat(failures).hasSize(1);
            assertPredicts(live, "v1");

            moveProduction("v2", "v3");
            await(() -> live.current().modelId().equals(ids.get("v3")));
            assertPredicts(live, "v3");
            assertThat(live.refusal()).isEmpty();
        }
    }

    @Test
    void aChangeOfInputsIsSwappedInWhenAcceptedOnPurpose() throws Exception {
        try (LiveModel<OrtSession> live = store.follow(
                DOMAIN,
                "production",
                OrtSession.class,
                POLL,
                FollowOptions.<OrtSession>defaults().acceptSignatureChanges(true))) {
            moveProduction("v1", "v2");
            await(() -> live.current().modelId().equals(ids.get("v2")));
            assertPredicts(live, "v2");
            assertThat(live.signature().orElseThrow().inputs().get(0).shape()).containsExactly(-1L, 5L);
        }
    }

    @Test
    void aVersionThatFailsTheApplicationsCheckIsRefused() throws Exception {
        FollowOptions<OrtSession> options = FollowOptions.<OrtSession>defaults().check((session, metadata) -> {
            float[][] sample = new float[1][4]; // a sample input: the model must score it, and finitely
            try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), sample);
                    OrtSession.Result result = session.run(Map.of("features", x))) {
                float score = ((OnnxTensor) result.get("score").orElseThrow())
                        .getFloatBuffer()
                        .get(0);
                if (!Float.isFinite(score)) {
                    throw new IllegalStateException("the score of the sample is " + score);
                }
                if (metadata.modelId().equals(ids.get("v3"))) {
                    throw new IllegalStateException("v3's score of the sample is not what the application expects");
                }
            }
        });
        try (LiveModel<OrtSession> live = store.follow(DOMAIN, "production", OrtSession.class, POLL, options)) {
            moveProduction("v1", "v3");
            await(() -> live.refusal().isPresent());
            assertThat(live.refusal().orElseThrow().getMessage())
                    .contains("failed the application's check before the swap")
                    .contains("v3's score of the sample");
            assertPredicts(live, "v1");
        }
        moveProduction("v3", "v2");
        assertThatThrownBy(() -> store.follow(DOMAIN, "production", OrtSession.class, POLL, options))
                .as("the first version is checked too: v2 takes 5 features, the sample has 4")
                .isInstanceOf(ModelRefusedException.class);
    }

    /** The manifest's rows of {@code version} through the serving session, against torch's outputs. */
    private void assertPredicts(LiveModel<OrtSession> live, String version) throws Exception {
        JsonNode model = PythonFixture.manifest(PythonFixture.RUNTIMES).path("models").findParents("name").stream()
                .filter(m -> m.path("name").asText().equals(version))
                .findFirst()
                .orElseThrow();
        JsonNode rows = model.path("rows");
        float[] scores = live.apply(session -> {
            try (OnnxTensor x = OnnxTensor.createTensor(
                            OrtEnvironment.getEnvironment(),
                            FloatBuffer.wrap(PythonFixture.rowMajor(rows)),
                            new long[] {rows.size(), rows.get(0).size()});
                    OrtSession.Result result =
                            session.run(Map.of(model.path("input").asText(), x))) {
                FloatBuffer out =
                        ((OnnxTensor) result.get(model.path("output").asText()).orElseThrow()).getFloatBuffer();
                float[] all = new float[out.remaining()];
                out.get(all);
                return all;
            }
        });
        JsonNode torch = model.path("outputs");
        assertThat(scores).hasSize(torch.size());
        for (int i = 0; i < torch.size(); i++) {
            assertThat((double) scores[i])
                    .as("%s, row %d", version, i)
                    .isCloseTo(torch.get(i).get(0).asDouble(), within(1e-5));
        }
    }

    /** Moves the state as Python does: a copy of the metadata into the state, then the old copy deleted. */
    private void moveProduction(String from, String to) throws IOException {
        String versions = "operatorai-model-store/" + DOMAIN + "/versions/";
        try (InputStream metadata = storage.read(versions + ids.get(to) + ".json")) {
            storage.write(
                    versions + "production/" + ids.get(to) + ".json", metadata.readAllBytes(), WriteCondition.always());
        }
        storage.delete(versions + "production/" + ids.get(from) + ".json");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

package io.modelstore.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Python's XGBClassifiers (xgboost 1.7's legacy binary {@code model.xgboost}) loaded with the real XGBoost4J predict
 * the class-1 probabilities Python computed for the serving fixture.
 */
class XGBoostLoadTest {

    private static final String DOMAIN = "churn-xgb";

    /** Per test, not in @BeforeAll: Surefire reports a class aborted there as no test run, without the reason. */
    @BeforeEach
    void runtime() {
        String problem = runtimeProblem();
        assumeTrue(problem == null, "XGBoost4J's native library cannot load on this machine: " + problem);
    }

    private static String runtimeProblem() {
        try {
            new XGBoostModelLoader().checkAvailable();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e.toString();
        }
    }

    static List<JsonNode> pythonModels() {
        return PythonFixture.servingModels(DOMAIN);
    }

    private static ModelStore pythonStore() {
        return ModelStore.fromFileSystem(
                PythonFixture.directory(PythonFixture.SERVING).resolve("store"));
    }

    private static void assertPredictsPythonsProbabilities(Booster booster, JsonNode expected) throws Exception {
        JsonNode rows = expected.get("rows");
        int columns = rows.get(0).size();
        float[] data = PythonFixture.rowMajor(rows);
        DMatrix matrix = new DMatrix(data, rows.size(), columns, Float.NaN);
        try {
            float[][] predictions = booster.predict(matrix);
            JsonNode pythons = expected.get("proba_class1");
            assertThat(predictions.length).isEqualTo(pythons.size());
            for (int i = 0; i < pythons.size(); i++) {
                assertThat((double) predictions[i][0])
                        .as("P(class 1) of row %d", i)
                        .isCloseTo(pythons.get(i).asDouble(), within(1e-5));
            }
        } finally {
            matrix.dispose();
        }
    }

    @ParameterizedTest(name = "{index}: model {0}")
    @MethodSource("pythonModels")
    void eachPythonModelLoadsAndPredictsPythonsProbabilities(JsonNode expected) throws Exception {
        try (ModelStore store = pythonStore()) {
            Booster booster = store.load(DOMAIN, expected.get("model_id").asText(), Booster.class);
            try {
                assertPredictsPythonsProbabilities(booster, expected);
            } finally {
                booster.dispose();
            }
        }
    }

    @Test
    void aNullModelIdLoadsTheDomainsLatest() throws Exception {
        JsonNode latest = pythonModels().stream()
                .filter(m -> m.get("model_id")
                        .asText()
                        .equals(PythonFixture.manifest(PythonFixture.SERVING)
                                .get("production")
                                .get(DOMAIN)
                                .asText()))
                .findFirst()
                .orElseThrow();
        try (ModelStore store = pythonStore()) {
            assertThat(store.getDomain(DOMAIN).modelId())
                    .isEqualTo(latest.get("model_id").asText());
            Booster booster = (Booster) store.load(DOMAIN, null);
            try {
                assertPredictsPythonsProbabilities(booster, latest);
            } finally {
                booster.dispose();
            }
        }
    }
}

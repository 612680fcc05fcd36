package io.modelstore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.xgboost.XGBoostModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's sample of following a state compiles and runs as it is written there: the lines between the markers
 * below are the README's, word for word (checked here too), run on the store Python wrote.
 */
class ReadmeServingSampleTest {

    private static final Logger log = LoggerFactory.getLogger(ReadmeServingSampleTest.class);
    private static final String BEGIN = "// README: following a state";
    private static final String END = "// END README";

    @TempDir
    Path tmp;

    @Test
    void theFollowSampleRunsAsWritten() throws Exception {
        String problem = null;
        try {
            new XGBoostModelLoader().checkAvailable();
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "XGBoost4J's native library cannot load on this machine: " + problem);
        String production = PythonFixture.manifest(PythonFixture.SERVING)
                .path("production")
                .path("churn-xgb")
                .asText();
        JsonNode served = PythonFixture.servingModels("churn-xgb").stream()
                .filter(m -> m.path("model_id").asText().equals(production))
                .findFirst()
                .orElseThrow();
        JsonNode rows = served.path("rows");
        int columns = rows.get(0).size();
        float[] data = new float[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                data[r * columns + c] = (float) rows.get(r).path(c).asDouble(Double.NaN);
            }
        }
        DMatrix matrix = new DMatrix(data, rows.size(), columns, Float.NaN);
        float[][] answered;
        String ranOn;
        // spotless:off  the sample keeps the README's layout, which theSampleIsTheReadmes compares
        try (ModelStore store = ModelStore.fromFileSystem(PythonFixture.copyStore(PythonFixture.SERVING, tmp.resolve("s")))) {
            // README: following a state
            try (LiveModel<Booster> churn = store.follow("churn-xgb", "production", Booster.class, Duration.ofSeconds(30))) {
                float[][] p = churn.apply(booster -> booster.predict(matrix));   // the booster cannot be freed under this call
                String by = churn.applyWithMetadata((model, booster) -> model.modelId()); // the id of the model the call ran on
                churn.onChange((previous, current) -> log.info("now serving {}", current.modelId()));
            // END README
                answered = p;
                ranOn = by;
            }
        } finally {
            matrix.dispose();
        }
        // spotless:on
        assertThat(ranOn).isEqualTo(production);
        JsonNode python = served.path("proba_class1");
        assertThat(answered.length).isEqualTo(python.size());
        for (int i = 0; i < python.size(); i++) {
            assertThat((double) answered[i][0])
                    .as("row %d", i)
                    .isCloseTo(python.get(i).asDouble(), within(1e-5));
        }
    }

    @Test
    void theSampleIsTheReadmes() throws Exception {
        List<String> test =
                Files.readAllLines(Path.of("src/test/java/io/modelstore/examples/ReadmeServingSampleTest.java"));
        List<String> sample = test.subList(indexOf(test, BEGIN) + 1, indexOf(test, END)).stream()
                .map(String::strip)
                .toList();
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme)
                .as("the README's follow sample")
                .contains(String.join("\n", sample).replace("\n", "\n    "));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new IllegalStateException("no line " + marker);
    }
}

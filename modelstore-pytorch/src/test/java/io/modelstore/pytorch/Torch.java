package io.modelstore.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.tck.PythonFixture;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The runtimes fixture's TorchScript models (domain {@code ranker-ts}), and predictions checked against torch's. */
final class Torch {

    static final String DOMAIN = "ranker-ts";
    static final String PICKLE_DOMAIN = "ranker-pickle";

    private Torch() {}

    /** Skips the test, saying why, where PyTorch cannot start on this machine. */
    static void assumeRuntime() {
        String problem;
        try {
            new TorchScriptModelLoader().checkAvailable();
            problem = null;
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "PyTorch cannot start on this machine: " + problem);
    }

    /** The manifest's entries of {@code domain}, in the manifest's order (the older TorchScript model first). */
    static List<JsonNode> models(String domain) {
        return StreamSupport.stream(
                        PythonFixture.manifest(PythonFixture.RUNTIMES)
                                .path("models")
                                .spliterator(),
                        false)
                .filter(m -> m.path("domain").asText().equals(domain))
                .collect(Collectors.toList());
    }

    static JsonNode model(String modelId) {
        return models(DOMAIN).stream()
                .filter(m -> m.path("model_id").asText().equals(modelId))
                .findFirst()
                .orElseThrow();
    }

    /** The manifest's rows through {@code model}: one row of outputs a row. */
    static float[][] predict(ZooModel<NDList, NDList> model, JsonNode rows) throws Exception {
        int columns = rows.get(0).size();
        try (NDManager manager = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDArray x = manager.create(PythonFixture.rowMajor(rows), new Shape(rows.size(), columns));
            NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
            long[] shape = y.getShape().getShape();
            float[] flat = y.toFloatArray();
            float[][] out = new float[(int) shape[0]][(int) shape[1]];
            for (int r = 0; r < out.length; r++) {
                System.arraycopy(flat, r * out[r].length, out[r], 0, out[r].length);
            }
            return out;
        }
    }

    /** {@code model} gives torch's outputs for the manifest's rows of {@code modelId}, within 1e-5. */
    static void assertPredictsTorchsOutputs(ZooModel<NDList, NDList> model, String modelId) throws Exception {
        JsonNode expected = model(modelId);
        float[][] outputs = predict(model, expected.path("rows"));
        JsonNode torch = expected.path("outputs");
        assertThat(outputs).as(modelId).hasNumberOfRows(torch.size());
        for (int r = 0; r < torch.size(); r++) {
            assertThat(outputs[r])
                    .as("%s, row %d", modelId, r)
                    .hasSize(torch.get(r).size());
            for (int c = 0; c < torch.get(r).size(); c++) {
                assertThat((double) outputs[r][c])
                        .as("%s, row %d, output %d", modelId, r, c)
                        .isCloseTo(torch.get(r).get(c).asDouble(), within(1e-5));
            }
        }
    }
}

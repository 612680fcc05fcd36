package io.modelstore.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.tck.PythonFixture;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models of library {@code catboost} load through their {@code model.onnx}. The archive is laid out as Python's
 * catboost manager writes it: {@code model.json}, {@code model.cbm}, {@code model.onnx} and
 * {@code model_attributes.json}. No CatBoost can run on this machine, so the model.onnx is a real ONNX model from
 * the serving fixture (Python's {@code credit-onnx}, with the scores Python computed), and {@code model.cbm},
 * {@code model.json} and {@code model_attributes.json} are placeholders: the loader must not read them.
 */
class CatBoostOnnxLoadTest {

    private static final String DOMAIN = "churn-catboost";

    @TempDir
    Path tmp;

    private ModelStore store;
    private JsonNode expected;

    @BeforeEach
    void runtimeAndStore() {
        String problem = null;
        try {
            new CatBoostOnnxModelLoader().checkAvailable();
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "ONNX Runtime's native library cannot load on this machine: " + problem);
        expected = PythonFixture.servingModels("credit-onnx").get(0);
        store = ModelStore.fromFileSystem(tmp.resolve("store"), true);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** The catboost manager's files, with the serving fixture's ONNX model as model.onnx (or none). */
    private UploadRequest asPythonsCatBoostManager(boolean withOnnx) throws IOException {
        Path files = Files.createDirectories(tmp.resolve("catboost-files"));
        try (ModelStore python = ModelStore.fromFileSystem(
                PythonFixture.directory(PythonFixture.SERVING).resolve("store"))) {
            Path onnx = python.download(
                            tmp.resolve("credit"),
                            "credit-onnx",
                            expected.get("model_id").asText())
                    .resolve("model.onnx");
            Files.copy(onnx, files.resolve("model.onnx"));
        }
        Files.writeString(files.resolve("model.cbm"), "placeholder: CatBoost's binary model, not read\n");
        Files.writeString(files.resolve("model.json"), "{\"placeholder\": \"CatBoost's JSON model, not read\"}");
        Files.writeString(files.resolve("model_attributes.json"), "{\"tree_count\": 100, \"classes\": [0, 1]}");
        UploadRequest.Builder request =
                UploadRequest.builder(DOMAIN).library("catboost").type("CatBoostClassifier");
        request.files(files.resolve("model.json"), files.resolve("model.cbm"));
        if (withOnnx) {
            request.file(files.resolve("model.onnx"));
        }
        return request.file(files.resolve("model_attributes.json")).build();
    }

    @Test
    void aCatBoostModelLoadsThroughItsOnnxFileAndPredictsItsScores() throws Exception {
        ModelMetadata meta = store.upload(asPythonsCatBoostManager(true));
        assertThat(meta.library()).isEqualTo("catboost");

        try (OrtSession session = store.load(DOMAIN, meta.modelId(), OrtSession.class)) {
            JsonNode rows = expected.get("rows");
            try (OnnxTensor x = OnnxTensor.createTensor(
                            OrtEnvironment.getEnvironment(),
                            FloatBuffer.wrap(PythonFixture.rowMajor(rows)),
                            new long[] {rows.size(), rows.get(0).size()});
                    OrtSession.Result result =
                            session.run(Map.of(expected.get("input").asText(), x))) {
                FloatBuffer scores = ((OnnxTensor)
                                result.get(expected.get("output").asText()).orElseThrow())
                        .getFloatBuffer();
                JsonNode pythons = expected.get("score");
                assertThat(scores.remaining()).isEqualTo(pythons.size());
                for (int i = 0; i < pythons.size(); i++) {
                    assertThat((double) scores.get(i))
                            .as("score of row %d", i)
                            .isCloseTo(pythons.get(i).asDouble(), within(1e-5));
                }
            }
            assertThat(store.signature(session).orElseThrow().inputs().get(0).name())
                    .isEqualTo(expected.get("input").asText());
        }
    }

    @Test
    void aCatBoostModelWithoutModelOnnxSaysHowToGetOne() throws Exception {
        ModelMetadata meta = store.upload(asPythonsCatBoostManager(false));

        assertThatThrownBy(() -> store.load(DOMAIN, meta.modelId()))
                .isInstanceOf(ModelNotLoadableException.class)
                .hasMessage("Model '" + meta.modelId() + "' of domain '" + DOMAIN + "' (library 'catboost') has no "
                        + "model.onnx, the file modelstore-onnx serves (it does not read CatBoost's own model.cbm). Upload "
                        + "the model with Python's catboost manager, which writes model.onnx beside model.cbm (CatBoost "
                        + "exports to ONNX models without categorical features), or export it yourself (model.save_model("
                        + "'model.onnx', format='onnx')) and upload that file with library catboost or onnx.");
    }
}

package io.modelstore.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX models loaded with the real ONNX Runtime predict what Python computed for the serving fixture. */
class OnnxLoadTest {

    private static final String DOMAIN = "credit-onnx";
    private static JsonNode expected;

    /** Per test, not in @BeforeAll: Surefire reports a class aborted there as no test run, without the reason. */
    @BeforeEach
    void runtimeAndFixture() {
        String problem = runtimeProblem();
        assumeTrue(problem == null, "ONNX Runtime's native library cannot load on this machine: " + problem);
        expected = PythonFixture.servingModels(DOMAIN).get(0);
    }

    private static String runtimeProblem() {
        try {
            new OnnxModelLoader().checkAvailable();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e.toString();
        }
    }

    private static ModelStore pythonStore() {
        return ModelStore.fromFileSystem(
                PythonFixture.directory(PythonFixture.SERVING).resolve("store"));
    }

    /** The manifest's rows through the session, against the manifest's scores. */
    private static void assertPredictsPythonsScores(OrtSession session) throws Exception {
        JsonNode rows = expected.get("rows");
        int columns = rows.get(0).size();
        float[] input = PythonFixture.rowMajor(rows);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {rows.size(), columns});
                OrtSession.Result result =
                        session.run(Map.of(expected.get("input").asText(), x))) {
            FloatBuffer scores =
                    ((OnnxTensor) result.get(expected.get("output").asText()).orElseThrow()).getFloatBuffer();
            JsonNode pythons = expected.get("score");
            assertThat(scores.remaining()).isEqualTo(pythons.size());
            for (int i = 0; i < pythons.size(); i++) {
                assertThat((double) scores.get(i))
                        .as("score of row %d", i)
                        .isCloseTo(pythons.get(i).asDouble(), within(1e-5));
            }
        }
    }

    @Test
    void pythonsOnnxModelLoadsAndPredictsPythonsScores() throws Exception {
        try (ModelStore store = pythonStore();
                OrtSession session = store.load(DOMAIN, expected.get("model_id").asText(), OrtSession.class)) {
            assertThat(session.getInputNames())
                    .containsExactly(expected.get("input").asText());
            assertPredictsPythonsScores(session);
        }
    }

    @Test
    void aNullModelIdLoadsTheLatestAsAnObject() throws Exception {
        try (ModelStore store = pythonStore();
                OrtSession session = (OrtSession) store.load(DOMAIN, null)) {
            assertPredictsPythonsScores(session);
        }
    }

    @Test
    void aWrongTypeNamesWhatTheModelLoadsAs() {
        try (ModelStore store = pythonStore()) {
            ModelNotLoadableException e =
                    catchThrowableOfType(ModelNotLoadableException.class, () -> store.load(DOMAIN, null, String.class));

            assertThat(e.getMessage())
                    .isEqualTo("Model '" + expected.get("model_id").asText() + "' of domain 'credit-onnx' "
                            + "(library 'onnx') loads as ai.onnxruntime.OrtSession, not as java.lang.String: ask for "
                            + "ai.onnxruntime.OrtSession, or call load(domain, modelId) for an Object.");
        }
    }

    @Test
    void anOnnxFileUploadedFromJavaWithItsLibraryLoads(@TempDir Path tmp) throws Exception {
        Path model;
        try (ModelStore python = pythonStore()) {
            model = Files.move(
                    python.download(tmp.resolve("python"), DOMAIN).resolve("model.onnx"), tmp.resolve("credit.onnx"));
        }
        try (ModelStore store = ModelStore.fromFileSystem(tmp.resolve("store"), true)) {
            ModelMetadata meta = store.upload(
                    UploadRequest.builder("fraud").file(model).library("onnx").build());
            assertThat(meta.library()).isEqualTo("onnx");
            // The upload read what the model takes from the file, and recorded it for the CLI's info and for Java.
            assertThat(meta.signature().orElseThrow().inputs())
                    .extracting(io.modelstore.ModelSignature.Tensor::name)
                    .containsExactly(expected.get("input").asText());
            assertThat(store.getModelInfo("fraud", meta.modelId()).signature()).isEqualTo(meta.signature());

            try (OrtSession session = store.load("fraud", meta.modelId(), OrtSession.class)) {
                assertPredictsPythonsScores(session);
            }
        }
    }

    @Test
    void theTemporaryFilesAreGoneOnceLoaded() throws Exception {
        Set<Path> before = loadDirectories();
        try (ModelStore store = pythonStore();
                OrtSession session = store.load(DOMAIN, null, OrtSession.class)) {
            assertThat(session.getOutputNames()).contains(expected.get("output").asText());
        }
        assertThat(loadDirectories()).isSubsetOf(before);
    }

    private static Set<Path> loadDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("modelstore-load-"))
                    .collect(Collectors.toSet());
        }
    }
}

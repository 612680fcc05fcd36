package io.modelstore.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * SavedModels in the archives Python's tensorflow (and old keras) manager writes load with TensorFlow Java and predict
 * what TensorFlow Java computed when it exported them.
 */
class TensorFlowLoadTest {

    private static final String DOMAIN = "churn-tf";
    private static final DenseModel MODEL = new DenseModel(new float[] {0.5f, -1f, 0.25f, 2f}, 0.1f);
    static final ModelSignature SIGNATURE = new ModelSignature(
            List.of(new ModelSignature.Tensor("features", "float32", List.of(-1L, 4L))),
            List.of(new ModelSignature.Tensor("score", "float32", List.of(-1L, 1L))));

    @TempDir
    Path tmp;

    private final float[][] rows = MODEL.rows(6, 1);

    @BeforeEach
    void runtime() {
        TensorFlowRuntime.assumeAvailable();
    }

    private ModelStore store() {
        return ModelStore.fromFileSystem(tmp.resolve("store"), true);
    }

    /** Uploads {@code files} (a directory's contents) as a model of {@code library}, as Python records a Keras model. */
    private static ModelMetadata upload(ModelStore store, Path files, String library) {
        return store.upload(UploadRequest.builder(DOMAIN)
                .file(files)
                .library(library)
                .type("Sequential")
                .build());
    }

    @Test
    void pythonsKeras2ArchiveLoadsAndPredictsWhatTensorFlowJavaComputed() throws Exception {
        float[] expected = MODEL.exportAsPythonsArchive(tmp.resolve("upload"), rows);
        try (ModelStore store = store()) {
            ModelMetadata meta = upload(store, tmp.resolve("upload"), "tensorflow");
            assertThat(archiveFiles(store, meta))
                    .contains(
                            "model/saved_model.pb",
                            "model/variables/variables.index",
                            "model_config.json",
                            "checkpoint",
                            "model-info.json");

            try (SavedModelBundle bundle = store.load(DOMAIN, meta.modelId(), SavedModelBundle.class)) {
                assertThat(DenseModel.predict(bundle, rows)).containsExactly(expected, within(1e-6f));
                assertThat(store.signature(bundle)).contains(SIGNATURE);
            }
            // The upload loaded the files to record what the model takes, for the CLI's info and for Java.
            assertThat(meta.signature()).contains(SIGNATURE);
            assertThat(store.getModelInfo(DOMAIN, meta.modelId()).signature()).contains(SIGNATURE);
        }
    }

    @Test
    void aModelOfOldPythonsKerasManagerLoadsToo() throws Exception {
        float[] expected = MODEL.exportAsPythonsArchive(tmp.resolve("upload"), rows);
        try (ModelStore store = store()) {
            ModelMetadata meta = upload(store, tmp.resolve("upload"), "keras");
            try (SavedModelBundle bundle = (SavedModelBundle) store.load(DOMAIN, meta.modelId())) {
                assertThat(DenseModel.predict(bundle, rows)).containsExactly(expected, within(1e-6f));
            }
        }
    }

    @Test
    void aSavedModelDirectoryUploadedFromJavaLoads() throws Exception {
        float[] expected = MODEL.export(tmp.resolve("saved_model"), rows);
        try (ModelStore store = store()) {
            ModelMetadata meta = upload(store, tmp.resolve("saved_model"), "tensorflow");
            assertThat(archiveFiles(store, meta)).contains("saved_model.pb").doesNotContain("model/saved_model.pb");

            try (SavedModelBundle bundle = store.load(DOMAIN, null, SavedModelBundle.class)) {
                assertThat(DenseModel.predict(bundle, rows)).containsExactly(expected, within(1e-6f));
            }
        }
    }

    @Test
    void aKeras3ModelIsRefusedWithWhatToDo() throws Exception {
        Path files = Files.createDirectories(tmp.resolve("keras3"));
        Files.write(files.resolve("model.keras"), new byte[] {'P', 'K', 3, 4}); // a zip, as Keras 3 writes
        Files.write(files.resolve("checkpoint.weights.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F'});
        try (ModelStore store = store()) {
            ModelMetadata meta = upload(store, files, "tensorflow");
            assertThat(meta.signature()).isEmpty();

            ModelNotLoadableException e = catchThrowableOfType(
                    ModelNotLoadableException.class, () -> store.load(DOMAIN, meta.modelId(), SavedModelBundle.class));
            assertThat(e.getMessage())
                    .startsWith("Model '" + meta.modelId() + "' of domain 'churn-tf' (library "
                            + "'tensorflow') holds model.keras, the Keras 3 file")
                    .contains("TensorFlow Java reads SavedModels only")
                    .contains("TensorFlow 2.15 or earlier")
                    .contains("model.export(\"saved_model\")")
                    .contains("library(\"tensorflow\")")
                    .contains("tf2onnx");
        }
    }

    @Test
    void filesWithoutASavedModelAreRefusedWithWhereItWasLookedFor() throws Exception {
        Path files = Files.createDirectories(tmp.resolve("weights-only"));
        Files.writeString(files.resolve("model_config.json"), "{}");
        try (ModelStore store = store()) {
            ModelMetadata meta = upload(store, files, "tensorflow");

            assertThat(catchThrowableOfType(
                                    ModelNotLoadableException.class,
                                    () -> store.load(DOMAIN, meta.modelId(), SavedModelBundle.class))
                            .getMessage())
                    .contains("holds no saved_model.pb, neither in model/ (where Python's tensorflow manager saves it) "
                            + "nor at the top of its files");
        }
    }

    @Test
    void aWrongTypeNamesWhatTheModelLoadsAs() throws Exception {
        MODEL.exportAsPythonsArchive(tmp.resolve("upload"), rows);
        try (ModelStore store = store()) {
            ModelMetadata meta = upload(store, tmp.resolve("upload"), "tensorflow");

            assertThat(catchThrowableOfType(
                                    ModelNotLoadableException.class,
                                    () -> store.load(DOMAIN, meta.modelId(), String.class))
                            .getMessage())
                    .isEqualTo("Model '" + meta.modelId() + "' of domain 'churn-tf' (library 'tensorflow') loads as "
                            + "org.tensorflow.SavedModelBundle, not as java.lang.String: ask for "
                            + "org.tensorflow.SavedModelBundle, or call load(domain, modelId) for an Object.");
        }
    }

    @Test
    void theLoadedModelPredictsOnceItsFilesAreGone() throws Exception {
        float[] expected = MODEL.exportAsPythonsArchive(tmp.resolve("upload"), rows);
        Set<Path> before = loadDirectories();
        try (ModelStore store = store()) {
            upload(store, tmp.resolve("upload"), "tensorflow");
            try (SavedModelBundle bundle = store.load(DOMAIN, null, SavedModelBundle.class)) {
                assertThat(loadDirectories()).as("the load's temporary files").isSubsetOf(before);
                assertThat(DenseModel.predict(bundle, rows)).containsExactly(expected, within(1e-6f));
            }
        }
    }

    private List<String> archiveFiles(ModelStore store, ModelMetadata meta) throws IOException {
        Path target = store.download(Files.createTempDirectory(tmp, "download-"), DOMAIN, meta.modelId());
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> target.relativize(f).toString())
                    .sorted()
                    .toList();
        }
    }

    private static Set<Path> loadDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("modelstore-load-"))
                    .collect(Collectors.toSet());
        }
    }
}

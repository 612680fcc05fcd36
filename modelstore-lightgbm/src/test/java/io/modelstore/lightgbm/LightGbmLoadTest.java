package io.modelstore.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LightGBM boosters trained and saved by lightgbmlib, uploaded as Python's lightgbm manager uploads them, load and
 * predict what lightgbmlib predicted in process; LightGBM 4's model.txt loads too, and what lightgbmlib cannot read is
 * refused saying which versions it reads and what to do.
 */
class LightGbmLoadTest {

    private static final String DOMAIN = "churn-lgbm";

    @TempDir
    Path tmp;

    private ModelStore store;

    /** Per test, not in @BeforeAll: Surefire reports a class aborted there as no test run, without the reason. */
    @BeforeEach
    void runtimeAndStore() {
        String problem = runtimeProblem();
        assumeTrue(problem == null, "LightGBM's native library cannot load on this machine: " + problem);
        store = ModelStore.fromFileSystem(tmp.resolve("store"), true);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static String runtimeProblem() {
        try {
            new LightGbmModelLoader().checkAvailable();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e.toString();
        }
    }

    /** What Python's lightgbm manager uploads: model.txt and model.json, library lightgbm, type Booster, its params. */
    static UploadRequest asPythonsManager(String domain, LightGbmTraining.Trained trained) {
        return UploadRequest.builder(domain)
                .files(trained.modelFile(), trained.dumpFile())
                .library("lightgbm")
                .type("Booster")
                .parameters(trained.params())
                .build();
    }

    static void assertPredicts(LightGbmModel model, double[] expected) {
        double[][] predictions = model.predict(LightGbmTraining.probeRows());
        assertThat(predictions).hasNumberOfRows(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(predictions[i]).as("row %d", i).hasSize(1);
            assertThat(predictions[i][0]).as("P(class 1) of row %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    private LightGbmTraining.Trained trained(int seed) throws IOException {
        return LightGbmTraining.train(seed, 20, Files.createDirectories(tmp.resolve("trained-" + seed)));
    }

    @Test
    void aBoosterUploadedAsPythonsManagerUploadsItPredictsWhatLightgbmlibPredicted() throws Exception {
        LightGbmTraining.Trained trained = trained(7);
        ModelMetadata meta = store.upload(asPythonsManager(DOMAIN, trained));

        assertThat(meta.library()).isEqualTo("lightgbm");
        assertThat(filesOf(store.download(tmp.resolve("download"), DOMAIN, meta.modelId())))
                .containsExactlyInAnyOrder("model-info.json", "model.txt", "model.json");
        try (LightGbmModel model = store.load(DOMAIN, meta.modelId(), LightGbmModel.class)) {
            assertThat(model.featureCount()).isEqualTo(LightGbmTraining.FEATURES);
            assertThat(model.outputsPerRow()).isEqualTo(1);
            assertPredicts(model, trained.predictions());
        }
    }

    @Test
    void theSignatureIsTheFeatureCount() throws Exception {
        store.upload(asPythonsManager(DOMAIN, trained(7)));
        try (LightGbmModel model = store.load(DOMAIN, null, LightGbmModel.class)) {
            assertThat(store.signature(model)).contains(ModelSignature.features(LightGbmTraining.FEATURES));
        }
    }

    /** Files that LightGBM 3.2.0 (format v3) and 4.3.0 (v4) wrote, each with what that release predicted. */
    @ParameterizedTest(name = "LightGBM {0}, model.txt {1}")
    @CsvSource({"3.2.0, v3", "4.3.0, v4"})
    void aModelTxtOfAnotherLightGbmReleaseLoadsAndPredictsWhatThatReleasePredicted(String release, String format)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(release));
        Path modelFile = copyResource("lightgbm-" + release + "/model.txt", dir.resolve("model.txt"));
        assertThat(Files.readAllLines(modelFile)).contains("version=" + format);
        JsonNode expected;
        try (InputStream in = LightGbmLoadTest.class.getResourceAsStream("/lightgbm-" + release + "/expected.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        assertThat(expected.get("written_by").asText()).startsWith("LightGBM " + release);
        ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                .file(modelFile)
                .library("lightgbm")
                .type("Booster")
                .build());

        try (LightGbmModel model = store.load(DOMAIN, meta.modelId(), LightGbmModel.class)) {
            double[] theirs = new double[expected.get("predictions").size()];
            for (int i = 0; i < theirs.length; i++) {
                theirs[i] = expected.get("predictions").get(i).asDouble();
            }
            float[][] rows = LightGbmTraining.probeRows();
            for (int i = 0; i < rows.length; i++) { // the generator's rows are the probe rows: checked, not assumed
                for (int j = 0; j < rows[i].length; j++) {
                    assertThat(rows[i][j])
                            .isEqualTo(expected.get("rows").get(i).get(j).floatValue());
                }
            }
            assertPredicts(model, theirs);
        }
    }

    @Test
    void aModelTxtShapedAsLightGbm2WroteItLoadsAndPredictsTheSame() throws Exception {
        LightGbmTraining.Trained trained = trained(7);
        // v2 (LightGBM 2 up to 2.2): no leaf or internal weights, no is_linear; without tree_sizes, trees are read in
        // turn.
        List<String> v2 = Files.readAllLines(trained.modelFile()).stream()
                .filter(l -> !l.startsWith("leaf_weight=")
                        && !l.startsWith("internal_weight=")
                        && !l.startsWith("is_linear=")
                        && !l.startsWith("tree_sizes="))
                .map(l -> l.equals("version=v4") ? "version=v2" : l)
                .collect(Collectors.toList());
        assertThat(v2).contains("version=v2").noneMatch(l -> l.startsWith("leaf_weight="));
        Path modelFile = Files.write(Files.createDirectories(tmp.resolve("v2")).resolve("model.txt"), v2);
        ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                .file(modelFile)
                .library("lightgbm")
                .build());

        try (LightGbmModel model = store.load(DOMAIN, meta.modelId(), LightGbmModel.class)) {
            assertPredicts(model, trained.predictions());
        }
    }

    @Test
    void aFormatVersionItDoesNotReadIsRefusedSayingWhichItReadsAndWhatToDo() throws Exception {
        LightGbmTraining.Trained trained = trained(7);
        String v5 = Files.readString(trained.modelFile()).replace("version=v4", "version=v5");
        assertThat(v5).contains("version=v5");
        ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                .file(Files.writeString(
                        Files.createDirectories(tmp.resolve("v5")).resolve("model.txt"), v5))
                .library("lightgbm")
                .build());

        ModelNotLoadableException e = catchThrowableOfType(
                ModelNotLoadableException.class, () -> store.load(DOMAIN, meta.modelId(), LightGbmModel.class));
        assertThat(e.getMessage())
                .isEqualTo("The model.txt of model '" + meta.modelId() + "' of domain '" + DOMAIN + "' is a "
                        + "LightGBM model of format version v5, which lightgbmlib 3.3.510 (modelstore-lightgbm's runtime) does not "
                        + "read: it reads model.txt versions v2, v3, v4, as LightGBM 2 to 4 write them. In Python, load the model "
                        + "with LightGBM 4.x or older (lightgbm.Booster(model_file=...)) and upload it again with the lightgbm "
                        + "manager, which saves it as that LightGBM writes; or export it to ONNX (onnxmltools' convert_lightgbm), "
                        + "upload that with the onnx manager and load it with modelstore-onnx.");
    }

    /**
     * A tree with a value missing, its tree_sizes kept right: LightGBM 3.3.5 parses such a file's trees on OpenMP
     * threads, where the error aborted the JVM (std::terminate); parsed in turn, it is an error to report.
     */
    @Test
    void aDamagedModelTxtGivesLightGbmsErrorAndTheVersionsItReadsWithoutAbortingTheJvm() throws Exception {
        LightGbmTraining.Trained trained = trained(7);
        String text = Files.readString(trained.modelFile());
        int start = text.indexOf("\nleaf_value=") + 1;
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end);
        String shorter = line.substring(0, line.lastIndexOf(' '));
        String damaged =
                text.substring(0, start) + shorter + " ".repeat(line.length() - shorter.length()) + text.substring(end);
        assertThat(damaged).hasSameSizeAs(text).contains("tree_sizes=");
        ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                .file(Files.writeString(
                        Files.createDirectories(tmp.resolve("damaged")).resolve("model.txt"), damaged))
                .library("lightgbm")
                .build());

        assertThatThrownBy(() -> store.load(DOMAIN, meta.modelId(), LightGbmModel.class))
                .isInstanceOf(ModelNotLoadableException.class)
                .hasMessageStartingWith(
                        "The model.txt of model '" + meta.modelId() + "' of domain '" + DOMAIN + "' (format "
                                + "version v4) could not be parsed by LightGBM 3.3.5, modelstore-lightgbm's runtime: Check failed: ")
                .hasMessageContaining(
                        ". It reads model.txt versions v2, v3, v4, but not a damaged file, nor one that uses "
                                + "what it does not know. In Python, load the model with LightGBM 4.x or older");
    }

    @Test
    void aFileThatIsNoLightGbmModelIsRefusedSayingWhatToUpload() throws Exception {
        Path notAModel =
                Files.writeString(Files.createDirectories(tmp.resolve("json")).resolve("model.txt"), "{\"a\": 1}\n");
        ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                .file(notAModel)
                .library("lightgbm")
                .build());

        assertThatThrownBy(() -> store.load(DOMAIN, meta.modelId()))
                .isInstanceOf(ModelNotLoadableException.class)
                .hasMessage(
                        "The model.txt of model '" + meta.modelId() + "' of domain '" + DOMAIN + "' is not a LightGBM "
                                + "text model: its first line is '{\"a\": 1}', where LightGBM writes 'tree'. Upload the file that "
                                + "LightGBM's Booster.save_model writes, as Python modelstore's lightgbm manager does.");
    }

    @Test
    void aModelFileUploadedFromJavaWithItsLibraryLoads() throws Exception {
        LightGbmTraining.Trained trained = trained(7);
        Path renamed = Files.move(trained.modelFile(), trained.modelFile().resolveSibling("churn.txt"));
        ModelMetadata meta = store.upload(
                UploadRequest.builder(DOMAIN).file(renamed).library("lightgbm").build());

        try (LightGbmModel model = (LightGbmModel) store.load(DOMAIN, meta.modelId())) {
            assertPredicts(model, trained.predictions());
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAPredictionAfterCloseSaysSo() throws Exception {
        ModelMetadata meta = store.upload(asPythonsManager(DOMAIN, trained(7)));
        LightGbmModel model = store.load(DOMAIN, meta.modelId(), LightGbmModel.class);
        model.close();
        model.close();

        assertThat(model.toString()).endsWith(", closed]");
        assertThatThrownBy(() -> model.predict(LightGbmTraining.probeRows()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "This LightGBM model (" + DOMAIN + "/" + meta.modelId() + ") is closed: its native booster was "
                                + "freed. Load the model again, or predict through a LiveModel, which keeps a model open while a "
                                + "call uses it.");
    }

    @Test
    void aRowWithTheWrongFeatureCountIsRefused() throws Exception {
        ModelMetadata meta = store.upload(asPythonsManager(DOMAIN, trained(7)));
        try (LightGbmModel model = store.load(DOMAIN, meta.modelId(), LightGbmModel.class)) {
            assertThatThrownBy(() -> model.predict(new float[][] {new float[5], new float[4]}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Row 1 has 4 features, but this LightGBM model (" + DOMAIN + "/" + meta.modelId()
                            + ") reads 5 a row: give them in the model's order.");
            assertThat(model.predict(new float[0][])).isEmpty();
        }
    }

    @Test
    void theTemporaryFilesAreGoneOnceLoaded() throws Exception {
        store.upload(asPythonsManager(DOMAIN, trained(7)));
        Set<Path> before = temporaries();
        try (LightGbmModel model = store.load(DOMAIN, null, LightGbmModel.class)) {
            assertThat(model.featureCount()).isEqualTo(LightGbmTraining.FEATURES);
        }
        assertThat(temporaries()).isSubsetOf(before);
    }

    /** The load's download directories and the native libraries' copies, which go once loaded. */
    private static Set<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("modelstore-"))
                    .collect(Collectors.toSet());
        }
    }

    private static List<String> filesOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = LightGbmLoadTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}

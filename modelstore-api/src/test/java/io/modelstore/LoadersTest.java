package io.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ModelStore#load} says when it cannot load, on the metadata Python modelstore wrote for the serving
 * fixture. No loader module is a dependency of modelstore-api, so none is installed here.
 */
class LoadersTest {

    private static final String SERVING = "fixtures/python-modelstore-0.0.81-serving/store/operatorai-model-store/";
    private static final String ONNX_ID = "e0de2452-5150-43cf-a2ee-0f11fc2f1d2c";
    private static final String XGB_ID = "030ec3a8-c860-45b7-8c1b-8325c34f68cd";
    private static final String SKLEARN_ID = "d6013fab-9a4d-4a6e-9c60-2c01a9f7bb58";
    private static final String FAKE_SDK = "io.modelstore.testbackend.FakeSdkClient";
    private static final String TORCHSCRIPT_ID = "a3e8bf04-60b8-4a42-a747-e2fccdaf50e7";
    private static final String PICKLE_ID = "dad24dbe-b123-4fcb-94a1-4f29ac94f796";
    private static final String PICKLE_ADVICE = "in Python, save the model with torch.jit.trace or torch.jit.script "
            + "(torch.jit.save) and upload that file (upload(domain, model=\"model.pt\")), to load it with "
            + "modelstore-pytorch, or export it with torch.onnx.export and upload that";

    private static ModelMetadata python(String domain, String modelId) throws IOException {
        return ModelMetadata.fromJson(
                Files.readString(Fixtures.sharedDir().resolve(SERVING + domain + "/versions/" + modelId + ".json")));
    }

    private static String snippet(String artifactId) {
        return "    <dependency>\n"
                + "      <groupId>io.modelstore</groupId>\n"
                + "      <artifactId>" + artifactId + "</artifactId>\n"
                + "      <version>" + ModelStore.version() + "</version>\n"
                + "    </dependency>\n";
    }

    @Test
    void anOnnxModelWithoutModelstoreOnnxNamesTheDependency() throws IOException {
        LoaderNotInstalledException e = catchThrowableOfType(
                LoaderNotInstalledException.class, () -> Loaders.discover().loaderFor(python("credit-onnx", ONNX_ID)));

        assertThat(e.getMessage())
                .isEqualTo("The model loader of library 'onnx' is not installed: add the module "
                        + "io.modelstore:modelstore-onnx to your dependencies:\n" + snippet("modelstore-onnx")
                        + "It is needed to load model '" + ONNX_ID + "' of domain 'credit-onnx'.");
        assertThat(e.library()).isEqualTo("onnx");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void anXGBoostModelWithoutModelstoreXGBoostNamesTheDependency() throws IOException {
        assertThat(catchThrowableOfType(
                                LoaderNotInstalledException.class,
                                () -> Loaders.discover().loaderFor(python("churn-xgb", XGB_ID)))
                        .getMessage())
                .isEqualTo("The model loader of library 'xgboost' is not installed: add the module "
                        + "io.modelstore:modelstore-xgboost to your dependencies:\n" + snippet("modelstore-xgboost")
                        + "It is needed to load model '" + XGB_ID + "' of domain 'churn-xgb'.");
    }

    @Test
    void aTensorFlowOrOldKerasModelWithoutModelstoreTensorFlowNamesTheDependency() {
        for (String library : List.of("tensorflow", "keras")) {
            ModelMetadata model = ModelMetadata.fromJson("{\"model\": {\"domain\": \"churn-tf\", \"model_id\": \"m1\", "
                    + "\"model_type\": {\"library\": \"" + library + "\"}}}");

            assertThat(catchThrowableOfType(
                                    LoaderNotInstalledException.class,
                                    () -> Loaders.discover().loaderFor(model))
                            .getMessage())
                    .isEqualTo("The model loader of library '" + library + "' is not installed: add the module "
                            + "io.modelstore:modelstore-tensorflow to your dependencies:\n"
                            + snippet("modelstore-tensorflow")
                            + "It is needed to load model 'm1' of domain 'churn-tf'.");
        }
    }

    @Test
    void lightGbmAndCatBoostModelsWithoutTheirModulesNameTheDependency() {
        ModelMetadata lightgbm = ModelMetadata.fromJson("{\"model\": {\"domain\": \"churn\", \"model_id\": \"m1\", "
                + "\"model_type\": {\"library\": \"lightgbm\", \"type\": \"Booster\"}}}");
        ModelMetadata catboost = ModelMetadata.fromJson("{\"model\": {\"domain\": \"churn\", \"model_id\": \"m2\", "
                + "\"model_type\": {\"library\": \"catboost\", \"type\": \"CatBoostClassifier\"}}}");

        assertThat(catchThrowableOfType(
                                LoaderNotInstalledException.class,
                                () -> Loaders.discover().loaderFor(lightgbm))
                        .getMessage())
                .isEqualTo("The model loader of library 'lightgbm' is not installed: add the module "
                        + "io.modelstore:modelstore-lightgbm to your dependencies:\n" + snippet("modelstore-lightgbm")
                        + "It is needed to load model 'm1' of domain 'churn'.");
        assertThat(catchThrowableOfType(
                                LoaderNotInstalledException.class,
                                () -> Loaders.discover().loaderFor(catboost))
                        .getMessage())
                .isEqualTo("The model loader of library 'catboost' is not installed: add the module "
                        + "io.modelstore:modelstore-onnx to your dependencies:\n" + snippet("modelstore-onnx")
                        + "It is needed to load model 'm2' of domain 'churn'.");
    }

    @Test
    void aScikitLearnModelIsRefusedWithWhatToDo() throws IOException {
        ModelNotLoadableException e = catchThrowableOfType(
                ModelNotLoadableException.class,
                () -> Loaders.discover().loaderFor(python("iris-sklearn", SKLEARN_ID)));

        assertThat(e.getMessage())
                .isEqualTo("Model '" + SKLEARN_ID + "' of domain 'iris-sklearn' has library 'sklearn', "
                        + "which no JVM runtime loads (loaders exist for: onnx, xgboost, tensorflow, keras, lightgbm, catboost, "
                        + "torchscript). Export the model to ONNX in Python (skl2onnx for scikit-learn, torch.onnx for PyTorch) and "
                        + "upload that, or download() its files and read them yourself.");
    }

    @Test
    void aPlainModelFileIsRefusedWithHowToNameItsRuntime() {
        ModelMetadata modelFile = ModelMetadata.fromJson("{\"model\": {\"domain\": \"fraud\", \"model_id\": \"m1\", "
                + "\"model_type\": {\"library\": \"model_file\"}}}");

        assertThat(catchThrowableOfType(
                                ModelNotLoadableException.class,
                                () -> Loaders.discover().loaderFor(modelFile))
                        .getMessage())
                .isEqualTo("Model 'm1' of domain 'fraud' has library 'model_file', which no JVM runtime loads (loaders "
                        + "exist for: onnx, xgboost, tensorflow, keras, lightgbm, catboost, torchscript). A model file "
                        + "uploaded from Java names its runtime with "
                        + "UploadRequest.builder(domain).library(\"onnx\"). Export the model to ONNX in Python (skl2onnx "
                        + "for scikit-learn, torch.onnx for PyTorch) and upload that, or download() its files and read "
                        + "them yourself.");
    }

    @Test
    void aPickledPyTorchModelIsRefusedWithHowToSaveOneTheJvmReads() {
        ModelMetadata pickled = ModelMetadata.fromJson("{\"model\": {\"domain\": \"ranker\", \"model_id\": \"p1\", "
                + "\"model_type\": {\"library\": \"pytorch\"}}}");

        assertThat(catchThrowableOfType(
                                ModelNotLoadableException.class,
                                () -> Loaders.discover().loaderFor(pickled))
                        .getMessage())
                .contains("has library 'pytorch', which no JVM runtime loads")
                .contains("Python's pytorch manager saves torch.save pickles, which no JVM runtime reads")
                .contains("torch.jit.trace or torch.jit.script")
                .contains("torch.onnx.export");
    }

    @Test
    void pythonsTorchScriptModelFileWithoutModelstorePytorchNamesTheDependency(@TempDir Path tmp) throws IOException {
        // Recognised by its content: Python uploaded the archive's model.pt as a model file.
        Path files = TorchFormatTest.pythonModel(tmp, "ranker-ts", TORCHSCRIPT_ID);
        LoaderNotInstalledException e = catchThrowableOfType(
                LoaderNotInstalledException.class,
                () -> Loaders.discover()
                        .recognizing(files, TorchFormatTest.pythonMetadata("ranker-ts", TORCHSCRIPT_ID)));

        assertThat(e.getMessage())
                .isEqualTo("The model loader of library 'torchscript' is not installed: add the "
                        + "module io.modelstore:modelstore-pytorch to your dependencies:\n"
                        + snippet("modelstore-pytorch")
                        + "It is needed to load model '" + TORCHSCRIPT_ID + "' of domain 'ranker-ts'.");
        assertThat(e.library()).isEqualTo("torchscript");
    }

    @Test
    void pythonsPytorchManagerPicklesAreRefusedWithWhatToDo(@TempDir Path tmp) throws IOException {
        Path files = TorchFormatTest.pythonModel(tmp, "ranker-pickle", PICKLE_ID);

        assertThat(catchThrowableOfType(
                                ModelNotLoadableException.class,
                                () -> Loaders.discover()
                                        .recognizing(files, TorchFormatTest.pythonMetadata("ranker-pickle", PICKLE_ID)))
                        .getMessage())
                .isEqualTo("Model '" + PICKLE_ID + "' of domain 'ranker-pickle' has library 'pytorch', which no JVM "
                        + "runtime loads (loaders exist for: onnx, xgboost, tensorflow, keras, lightgbm, catboost, torchscript). Python's pytorch manager saves "
                        + "torch.save pickles, which no JVM runtime reads: " + PICKLE_ADVICE + ". Export the model to "
                        + "ONNX in Python (skl2onnx for scikit-learn, torch.onnx for PyTorch) and upload that, or "
                        + "download() its files and read them yourself.");
    }

    @Test
    void aTorchSavePickleUploadedAsAModelFileIsRefusedWithWhatToDo(@TempDir Path tmp) throws IOException {
        Path files = TorchFormatTest.pythonModel(tmp, "ranker-pickle", PICKLE_ID);
        ModelMetadata modelFile = ModelMetadata.fromJson("{\"model\": {\"domain\": \"ranker\", \"model_id\": \"m1\", "
                + "\"model_type\": {\"library\": \"model_file\"}}}");

        assertThat(catchThrowableOfType(
                                ModelNotLoadableException.class,
                                () -> Loaders.discover().recognizing(files, modelFile))
                        .getMessage())
                .isEqualTo(
                        "Model 'm1' of domain 'ranker' has library 'model_file', which no JVM runtime loads (loaders "
                                + "exist for: onnx, xgboost, tensorflow, keras, lightgbm, catboost, torchscript). No installed loader recognizes its files either. Its "
                                + "files checkpoint.pt, model.pt are torch.save pickles, which no JVM runtime reads: "
                                + PICKLE_ADVICE
                                + ". A model file uploaded from Java names its runtime with UploadRequest.builder(domain)"
                                + ".library(\"onnx\"). Export the model to ONNX in Python (skl2onnx for scikit-learn, torch.onnx "
                                + "for PyTorch) and upload that, or download() its files and read them yourself.");
    }

    @Test
    void aLoaderWhoseRuntimeIsMissingSaysSo() throws IOException {
        Loaders.Loader onnx = new Loaders.Loader(
                "onnx", "io.modelstore", "modelstore-onnx", "io.modelstore.testbackend.RuntimeUsingLoader");
        Loaders loaders = Loaders.using(List.of(onnx), new IsolatingClassLoader("broken-loader/", FAKE_SDK));

        LoaderNotInstalledException e = catchThrowableOfType(
                LoaderNotInstalledException.class, () -> loaders.loaderFor(python("credit-onnx", ONNX_ID)));

        assertThat(e.getMessage())
                .isEqualTo("The model loader of library 'onnx' is installed (io.modelstore:modelstore-onnx) "
                        + "but cannot be used: its runtime is missing or broken "
                        + "(java.lang.NoClassDefFoundError: io/modelstore/testbackend/FakeSdkClient). Make sure the module's own "
                        + "dependencies are on the classpath and not excluded or replaced by other versions: run 'mvn "
                        + "dependency:tree' and look under io.modelstore:modelstore-onnx. It is needed to load model '"
                        + ONNX_ID
                        + "' of domain 'credit-onnx'.");
        assertThat(e.getCause()).isInstanceOf(NoClassDefFoundError.class);
    }

    @Test
    void theSameLoaderIsUsedWhenItsRuntimeIsThere() throws IOException {
        Loaders loaders = Loaders.using(List.of(), new IsolatingClassLoader("broken-loader/"));

        ModelLoader loader = loaders.loaderFor(python("credit-onnx", ONNX_ID));

        assertThat(loader.getClass().getName()).isEqualTo("io.modelstore.testbackend.RuntimeUsingLoader");
    }

    @Test
    void aModelFileIsFoundByItsOwnNameWhenThereIsNoPythonName(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("fraud.onnx"), "x");
        Files.writeString(dir.resolve("thresholds.json"), "{}");

        assertThat(ModelLoader.modelFile(dir, "model.onnx", ".onnx")).isEqualTo(dir.resolve("fraud.onnx"));
        Files.writeString(dir.resolve("model.onnx"), "x");
        assertThat(ModelLoader.modelFile(dir, "model.onnx", ".onnx")).isEqualTo(dir.resolve("model.onnx"));
    }

    @Test
    void twoCandidateFilesAreRefusedByName(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.onnx"), "x");
        Files.writeString(dir.resolve("b.onnx"), "x");

        assertThat(catchThrowableOfType(IOException.class, () -> ModelLoader.modelFile(dir, "model.onnx", ".onnx")))
                .hasMessage("The model's files hold no model.onnx but 2 files ending with .onnx (a.onnx, b.onnx): "
                        + "name the one to load model.onnx, or upload it alone");
    }
}

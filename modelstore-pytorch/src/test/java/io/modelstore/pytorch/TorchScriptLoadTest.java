package io.modelstore.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.tck.PythonFixture;
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

/** TorchScript that Python uploaded as a model file, loaded into DJL's PyTorch engine, predicts torch's outputs. */
class TorchScriptLoadTest {

    @TempDir
    Path tmp;

    /** Per test, not in @BeforeAll: Surefire reports a class aborted there as no test run, without the reason. */
    @BeforeEach
    void runtime() {
        Torch.assumeRuntime();
    }

    private static ModelStore pythonStore() {
        return ModelStore.fromFileSystem(
                PythonFixture.directory(PythonFixture.RUNTIMES).resolve("store"));
    }

    @SuppressWarnings("unchecked")
    private static ZooModel<NDList, NDList> load(ModelStore store, String domain, String modelId) {
        return store.load(domain, modelId, ZooModel.class);
    }

    @Test
    void bothOfPythonsTorchScriptModelsPredictTorchsOutputs() throws Exception {
        List<JsonNode> models = Torch.models(Torch.DOMAIN);
        assertThat(models).hasSize(2).allMatch(m -> m.path("library").asText().equals("model_file"));
        try (ModelStore store = pythonStore()) {
            for (JsonNode expected : models) {
                String id = expected.path("model_id").asText();
                try (ZooModel<NDList, NDList> model = load(store, Torch.DOMAIN, id)) {
                    Torch.assertPredictsTorchsOutputs(model, id);
                }
            }
        }
    }

    @Test
    void aNullModelIdLoadsTheLatestAsAnObject() throws Exception {
        String latest = Torch.models(Torch.DOMAIN).get(1).path("model_id").asText();
        try (ModelStore store = pythonStore()) {
            Object model = store.load(Torch.DOMAIN, null);
            assertThat(model).isInstanceOf(ZooModel.class);
            @SuppressWarnings("unchecked")
            ZooModel<NDList, NDList> zoo = (ZooModel<NDList, NDList>) model;
            try (zoo) {
                Torch.assertPredictsTorchsOutputs(zoo, latest);
            }
        }
    }

    @Test
    void theSignatureIsTheForwardsDeclaration() {
        try (ModelStore store = pythonStore();
                ZooModel<NDList, NDList> model = load(store, Torch.DOMAIN, null)) {
            // def forward(self: __torch__.torch.nn.modules.container.Sequential, input: Tensor) -> Tensor:
            assertThat(store.signature(model))
                    .contains(new ModelSignature(
                            List.of(new ModelSignature.Tensor("input", ModelSignature.UNKNOWN_TYPE, List.of())),
                            List.of(new ModelSignature.Tensor("output", ModelSignature.UNKNOWN_TYPE, List.of()))));
        }
    }

    @Test
    void torchScriptUploadedFromJavaLoadsWithItsLibraryOrByItsContent() throws Exception {
        String id = Torch.models(Torch.DOMAIN).get(0).path("model_id").asText();
        Path file;
        try (ModelStore python = pythonStore()) {
            file = Files.move(
                    python.download(tmp.resolve("python"), Torch.DOMAIN, id).resolve("model.pt"),
                    tmp.resolve("ranker.ts"));
        }
        try (ModelStore store = ModelStore.fromFileSystem(tmp.resolve("store"), true)) {
            ModelMetadata labelled = store.upload(UploadRequest.builder("ranker")
                    .file(file)
                    .library("torchscript")
                    .build());
            ModelMetadata plain = store.upload("ranker", file); // model_file, as Python's upload(domain, model=...)
            assertThat(plain.library()).isEqualTo(UploadRequest.DEFAULT_LIBRARY);

            for (ModelMetadata meta : List.of(labelled, plain)) {
                try (ZooModel<NDList, NDList> model = load(store, "ranker", meta.modelId())) {
                    Torch.assertPredictsTorchsOutputs(model, id);
                }
            }
        }
    }

    @Test
    void pythonsPicklesAreRefusedWithWhatToDo() {
        String id = Torch.models(Torch.PICKLE_DOMAIN).get(0).path("model_id").asText();
        try (ModelStore store = pythonStore()) {
            ModelNotLoadableException e =
                    catchThrowableOfType(ModelNotLoadableException.class, () -> store.load(Torch.PICKLE_DOMAIN, id));

            assertThat(e.getMessage())
                    .contains("has library 'pytorch', which no JVM runtime loads")
                    .contains(
                            "Python's pytorch manager saves torch.save pickles, which no JVM runtime reads: in Python, "
                                    + "save the model with torch.jit.trace or torch.jit.script (torch.jit.save) and upload that "
                                    + "file")
                    .contains("or export it with torch.onnx.export and upload that");
        }
    }

    @Test
    void aPickleUploadedAsAModelFileOrLabelledTorchScriptIsRefusedWithWhatToDo() throws Exception {
        String id = Torch.models(Torch.PICKLE_DOMAIN).get(0).path("model_id").asText();
        Path pickle;
        try (ModelStore python = pythonStore()) {
            pickle = python.download(tmp.resolve("python"), Torch.PICKLE_DOMAIN, id)
                    .resolve("model.pt");
        }
        try (ModelStore store = ModelStore.fromFileSystem(tmp.resolve("store"), true)) {
            ModelMetadata plain = store.upload("ranker", pickle);
            ModelMetadata labelled = store.upload(UploadRequest.builder("ranker")
                    .file(pickle)
                    .library("torchscript")
                    .build());

            assertThat(catchThrowableOfType(
                                    ModelNotLoadableException.class, () -> store.load("ranker", plain.modelId()))
                            .getMessage())
                    .contains(
                            "No installed loader recognizes its files either. Its file model.pt is a "
                                    + "torch.save pickle, which no JVM runtime reads: in Python, save the model with torch.jit.trace");
            assertThat(catchThrowableOfType(
                                    ModelNotLoadableException.class, () -> store.load("ranker", labelled.modelId()))
                            .getMessage())
                    .isEqualTo("Model '" + labelled.modelId() + "' of domain 'ranker' (library "
                            + "'torchscript') holds no TorchScript: model.pt is a torch.save pickle, which no JVM runtime reads. "
                            + "In Python, save the model with torch.jit.trace or torch.jit.script (torch.jit.save) and upload that "
                            + "file (upload(domain, model=\"model.pt\")), to load it with modelstore-pytorch, or export it with "
                            + "torch.onnx.export and upload that.");
        }
    }

    @Test
    void twoTorchScriptFilesNeedOneNamedModelPt() throws Exception {
        String id = Torch.models(Torch.DOMAIN).get(0).path("model_id").asText();
        Path files;
        try (ModelStore python = pythonStore()) {
            files = python.download(tmp.resolve("python"), Torch.DOMAIN, id);
        }
        Path a = Files.copy(files.resolve("model.pt"), tmp.resolve("a.pt"));
        Path b = Files.copy(files.resolve("model.pt"), tmp.resolve("b.pt"));
        try (ModelStore store = ModelStore.fromFileSystem(tmp.resolve("store"), true)) {
            ModelMetadata two = store.upload(UploadRequest.builder("ranker")
                    .files(a, b)
                    .library("torchscript")
                    .build());
            ModelMetadata withModelPt = store.upload(UploadRequest.builder("ranker")
                    .files(a, files.resolve("model.pt"))
                    .library("torchscript")
                    .build());

            assertThat(catchThrowableOfType(ModelNotLoadableException.class, () -> store.load("ranker", two.modelId()))
                            .getMessage())
                    .endsWith("holds 2 TorchScript files (a.pt, b.pt) and none is named model.pt: name the "
                            + "one to load model.pt, or upload it alone.");
            try (ZooModel<NDList, NDList> model = load(store, "ranker", withModelPt.modelId())) {
                Torch.assertPredictsTorchsOutputs(model, id);
            }
        }
    }

    @Test
    void theTemporaryFilesAreGoneOnceLoaded() throws Exception {
        Set<Path> before = loadDirectories();
        try (ModelStore store = pythonStore();
                ZooModel<NDList, NDList> model = load(store, Torch.DOMAIN, null)) {
            assertThat(loadDirectories()).isSubsetOf(before);
            Torch.assertPredictsTorchsOutputs(
                    model, Torch.models(Torch.DOMAIN).get(1).path("model_id").asText());
        }
    }

    private static Set<Path> loadDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("modelstore-load-"))
                    .collect(Collectors.toSet());
        }
    }
}

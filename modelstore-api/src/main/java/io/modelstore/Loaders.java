package io.modelstore;

import io.modelstore.internal.config.Discovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalog of model loaders: the first-party ones (library, Maven module) and whatever {@link ModelLoader}s
 * {@link java.util.ServiceLoader} finds on the classpath.
 *
 * <p>A model whose first-party loader is not installed fails with a {@link LoaderNotInstalledException} that names
 * the dependency to add; one whose library no loader reads fails with a {@link ModelNotLoadableException} that
 * says how to get a model the JVM can load.
 */
public final class Loaders {

    /** A first-party loader: the library it reads ({@code model_type.library}), its module and its class. */
    public record Loader(String library, String groupId, String artifactId, String loaderClass) {

        /** {@code groupId:artifactId}. */
        public String coordinate() {
            return groupId + ":" + artifactId;
        }
    }

    /** The library of Python's pytorch manager, whose pickles no JVM runtime reads. */
    private static final String PYTORCH = "pytorch";

    /** The library a TorchScript file uploaded from Java may be labelled with; Python uploads it as a model file. */
    private static final String TORCHSCRIPT = "torchscript";

    public static final List<Loader> FIRST_PARTY = List.of(
            new Loader("onnx", "io.modelstore", "modelstore-onnx", "io.modelstore.onnx.OnnxModelLoader"),
            new Loader("xgboost", "io.modelstore", "modelstore-xgboost", "io.modelstore.xgboost.XGBoostModelLoader"),
            new Loader(
                    "tensorflow",
                    "io.modelstore",
                    "modelstore-tensorflow",
                    "io.modelstore.tensorflow.TensorFlowModelLoader"),
            // Python modelstore before 0.0.73 recorded its Keras models' library as "keras": the same SavedModel.
            new Loader("keras", "io.modelstore", "modelstore-tensorflow", "io.modelstore.tensorflow.KerasModelLoader"),
            new Loader(
                    "lightgbm", "io.modelstore", "modelstore-lightgbm", "io.modelstore.lightgbm.LightGbmModelLoader"),
            // Python's catboost manager also writes model.onnx: ONNX Runtime serves it.
            new Loader("catboost", "io.modelstore", "modelstore-onnx", "io.modelstore.onnx.CatBoostOnnxModelLoader"),
            new Loader(
                    TORCHSCRIPT,
                    "io.modelstore",
                    "modelstore-pytorch",
                    "io.modelstore.pytorch.TorchScriptModelLoader"));

    private final List<Loader> catalog;
    private final Discovery<ModelLoader> discovery;

    private Loaders(List<Loader> catalog, ClassLoader loader) {
        this.catalog = List.copyOf(catalog);
        this.discovery = new Discovery<>(ModelLoader.class, loader, ModelLoader::library, ModelLoader::checkAvailable);
    }

    /** The first-party catalog, with loaders found by the class loader that loaded modelstore-api. */
    public static Loaders discover() {
        return new Loaders(FIRST_PARTY, Loaders.class.getClassLoader());
    }

    /** A catalog with loaders found by {@code loader}; for applications with their own class loaders, and for tests. */
    public static Loaders using(List<Loader> catalog, ClassLoader loader) {
        return new Loaders(catalog, Objects.requireNonNull(loader, "loader"));
    }

    /** The first-party loader of {@code library}, if there is one. */
    public Optional<Loader> byLibrary(String library) {
        return catalog.stream().filter(l -> l.library().equals(library)).findFirst();
    }

    /**
     * The usable loader of the model's library.
     *
     * @throws LoaderNotInstalledException when the library's first-party module is absent, or present but unusable
     * @throws ModelNotLoadableException   when no loader reads the library
     */
    public ModelLoader loaderFor(ModelMetadata model) {
        return byLibraryOf(model).orElseThrow(() -> new ModelNotLoadableException(unloadable(model, scan()), null));
    }

    /**
     * The usable loader of the model's library; empty when no loader reads that library (then one may still
     * {@link ModelLoader#recognizes recognize} its files).
     *
     * @throws LoaderNotInstalledException when the library's first-party module is absent, or present but unusable
     */
    Optional<ModelLoader> byLibraryOf(ModelMetadata model) {
        return byLibrary(model.library(), model);
    }

    /** The usable loader of {@code library}, asked for {@code model}; see {@link #byLibraryOf}. */
    private Optional<ModelLoader> byLibrary(String library, ModelMetadata model) {
        Loader firstParty = byLibrary(library).orElse(null);
        Discovery.Scan<ModelLoader> scan = scan();
        Discovery.Diagnosis status =
                discovery.diagnose(library, firstParty == null ? null : firstParty.loaderClass(), scan);
        if (status.usable()) {
            return Optional.of(scan.providers().get(library));
        }
        String subject = "The model loader of library '" + library + "'";
        String needed = "It is needed to load model '" + model.modelId() + "' of domain '" + model.domain() + "'.";
        if (status.installed()) {
            throw new LoaderNotInstalledException(
                    library,
                    Discovery.broken(
                                    subject,
                                    firstParty == null ? null : firstParty.coordinate(),
                                    "runtime",
                                    status.problem())
                            + " " + needed,
                    status.problem());
        }
        if (firstParty != null) {
            throw new LoaderNotInstalledException(
                    library,
                    Discovery.notInstalled(subject, firstParty.groupId(), firstParty.artifactId()) + "\n" + needed,
                    null);
        }
        return Optional.empty();
    }

    /**
     * The installed, usable loader that recognizes the files of a model whose library no loader reads.
     *
     * @throws LoaderNotInstalledException when the loader that recognizes them (or, for a TorchScript file, the
     *                                     first-party one that would) is absent or cannot start here
     * @throws ModelNotLoadableException   when none does
     */
    ModelLoader recognizing(Path modelDirectory, ModelMetadata model) throws java.io.IOException {
        Discovery.Scan<ModelLoader> scan = scan();
        for (ModelLoader candidate : scan.providers().values()) {
            // Recognition first: a runtime starts (natives unpacked, memory taken) only for a model it reads.
            if (recognizes(candidate, modelDirectory, model)) {
                return byLibrary(candidate.library(), model).orElseThrow(); // or why it cannot start
            }
        }
        if (!TorchFormat.TORCHSCRIPT.filesIn(modelDirectory).isEmpty()) {
            // First-party: throws that modelstore-pytorch is missing, or installed but cannot start here.
            return byLibrary(TORCHSCRIPT, model).orElseThrow();
        }
        String note = "";
        List<Path> pickles = TorchFormat.PICKLE.filesIn(modelDirectory);
        if (!pickles.isEmpty()) {
            String names = pickles.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
            note = (pickles.size() == 1
                            ? " Its file " + names + " is a torch.save pickle"
                            : " Its files " + names + " are torch.save pickles")
                    + ", which no JVM runtime reads: " + TorchFormat.PICKLE_ADVICE + ".";
        }
        throw new ModelNotLoadableException(unloadable(model, scan, true, note), null);
    }

    /** Whether {@code loader} says it reads these files; one that fails to tell (its runtime missing, say) does not. */
    private static boolean recognizes(ModelLoader loader, Path modelDirectory, ModelMetadata model) {
        try {
            return loader.recognizes(modelDirectory, model);
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The installed loader whose {@link ModelLoader#typeName() type} {@code model} is, if any. */
    Optional<ModelLoader> loaderOf(Object model) {
        for (ModelLoader candidate : scan().providers().values()) {
            try {
                Class<?> type = Class.forName(
                        candidate.typeName(), false, candidate.getClass().getClassLoader());
                if (type.isInstance(model)) {
                    return Optional.of(candidate);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // its runtime is missing: it loaded nothing
            }
        }
        return Optional.empty();
    }

    private Discovery.Scan<ModelLoader> scan() {
        return discovery.scan(catalog.stream().map(Loader::loaderClass).collect(Collectors.toList()));
    }

    private String unloadable(ModelMetadata model, Discovery.Scan<ModelLoader> scan) {
        return unloadable(model, scan, false, "");
    }

    /**
     * Why no loader reads the model and what to do.
     *
     * @param filesRead  whether every loader was asked to recognize the model's files
     * @param filesNote  what its files are, where that tells what to do (a torch.save pickle), or empty
     */
    private String unloadable(
            ModelMetadata model, Discovery.Scan<ModelLoader> scan, boolean filesRead, String filesNote) {
        List<String> libraries = new ArrayList<>();
        catalog.forEach(l -> libraries.add(l.library()));
        scan.providers().keySet().stream()
                .filter(l -> !libraries.contains(l))
                .sorted()
                .forEach(libraries::add);
        String modelFile = UploadRequest.DEFAULT_LIBRARY.equals(model.library())
                ? (filesRead ? " No installed loader recognizes its files either." : "") + filesNote
                        + " A model file uploaded from Java names its runtime with "
                        + "UploadRequest.builder(domain).library(\"onnx\")."
                : PYTORCH.equals(model.library())
                        ? " Python's pytorch manager saves torch.save pickles, which no JVM runtime reads: "
                                + TorchFormat.PICKLE_ADVICE + "."
                        : filesNote;
        return "Model '" + model.modelId() + "' of domain '" + model.domain() + "' has library '" + model.library()
                + "', which no JVM runtime loads (loaders exist for: " + String.join(", ", libraries) + ")." + modelFile
                + " Export the model to ONNX in Python (skl2onnx for scikit-learn, torch.onnx for PyTorch) and upload"
                + " that, or download() its files and read them yourself.";
    }
}

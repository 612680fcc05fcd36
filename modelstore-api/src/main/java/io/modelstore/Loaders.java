package io.modelstore;

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

    public static final List<Loader> FIRST_PARTY = List.of(
            new Loader("onnx", "io.modelstore", "modelstore-onnx", "io.modelstore.onnx.OnnxModelLoader"),
            new Loader("xgboost", "io.modelstore", "modelstore-xgboost", "io.modelstore.xgboost.XGBoostModelLoader"),
            new Loader("tensorflow", "io.modelstore", "modelstore-tensorflow",
                    "io.modelstore.tensorflow.TensorFlowModelLoader"),
            // Python modelstore before 0.0.73 recorded its Keras models' library as "keras": the same SavedModel.
            new Loader("keras", "io.modelstore", "modelstore-tensorflow", "io.modelstore.tensorflow.KerasModelLoader"),
            new Loader("lightgbm", "io.modelstore", "modelstore-lightgbm", "io.modelstore.lightgbm.LightGbmModelLoader"),
            // Python's catboost manager also writes model.onnx: ONNX Runtime serves it.
            new Loader("catboost", "io.modelstore", "modelstore-onnx", "io.modelstore.onnx.CatBoostOnnxModelLoader"));

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
        String library = model.library();
        Loader firstParty = byLibrary(library).orElse(null);
        Discovery.Scan<ModelLoader> scan = scan();
        Discovery.Diagnosis status = discovery.diagnose(library, firstParty == null ? null : firstParty.loaderClass(), scan);
        if (status.usable()) {
            return Optional.of(scan.providers().get(library));
        }
        String subject = "The model loader of library '" + library + "'";
        String needed = "It is needed to load model '" + model.modelId() + "' of domain '" + model.domain() + "'.";
        if (status.installed()) {
            throw new LoaderNotInstalledException(library, Discovery.broken(subject,
                    firstParty == null ? null : firstParty.coordinate(), "runtime", status.problem()) + " " + needed,
                    status.problem());
        }
        if (firstParty != null) {
            throw new LoaderNotInstalledException(library, Discovery.notInstalled(subject, firstParty.groupId(),
                    firstParty.artifactId()) + "\n" + needed, null);
        }
        return Optional.empty();
    }

    /**
     * The installed, usable loader that recognizes the files of a model whose library no loader reads.
     *
     * @throws ModelNotLoadableException when none does
     */
    ModelLoader recognizing(Path modelDirectory, ModelMetadata model) throws java.io.IOException {
        Discovery.Scan<ModelLoader> scan = scan();
        for (ModelLoader candidate : scan.providers().values()) {
            if (usable(candidate) && candidate.recognizes(modelDirectory, model)) {
                return candidate;
            }
        }
        throw new ModelNotLoadableException(unloadable(model, scan), null);
    }

    /** The installed loader whose {@link ModelLoader#typeName() type} {@code model} is, if any. */
    Optional<ModelLoader> loaderOf(Object model) {
        for (ModelLoader candidate : scan().providers().values()) {
            try {
                Class<?> type = Class.forName(candidate.typeName(), false, candidate.getClass().getClassLoader());
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

    private static boolean usable(ModelLoader loader) {
        try {
            loader.checkAvailable();
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private String unloadable(ModelMetadata model, Discovery.Scan<ModelLoader> scan) {
        List<String> libraries = new ArrayList<>();
        catalog.forEach(l -> libraries.add(l.library()));
        scan.providers().keySet().stream().filter(l -> !libraries.contains(l)).sorted().forEach(libraries::add);
        String modelFile = UploadRequest.DEFAULT_LIBRARY.equals(model.library())
                ? " No installed loader recognizes its files either. A model file uploaded from Java names its runtime "
                + "with UploadRequest.builder(domain).library(\"onnx\")."
                : PYTORCH.equals(model.library())
                ? " Python's pytorch manager saves torch.save pickles, which no JVM runtime reads: in Python, save the "
                + "model with torch.jit.trace or torch.jit.script and upload that file (upload(domain, model=\"model.pt\")),"
                + " to load it with modelstore-pytorch, or export it with torch.onnx.export and upload that."
                : "";
        return "Model '" + model.modelId() + "' of domain '" + model.domain() + "' has library '" + model.library()
                + "', which no JVM runtime loads (loaders exist for: " + String.join(", ", libraries) + ")." + modelFile
                + " Export the model to ONNX in Python (skl2onnx for scikit-learn, torch.onnx for PyTorch) and upload"
                + " that, or download() its files and read them yourself.";
    }
}

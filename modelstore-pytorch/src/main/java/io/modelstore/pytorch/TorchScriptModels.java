package io.modelstore.pytorch;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.modelstore.ModelSignature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a TorchScript file into a {@link ZooModel} of DJL's PyTorch engine, and reads back its forward's schema. */
final class TorchScriptModels {

    // The forward's declaration travels with the model, in its properties: the file is gone after the load.
    private static final String ARGUMENTS = "modelstore.forward.arguments";
    private static final String RETURNS = "modelstore.forward.returns";

    private TorchScriptModels() {}

    /** The module in {@code file}, on the engine's default device; libtorch reads the file whole. */
    static ZooModel<NDList, NDList> load(Path file) throws IOException, MalformedModelException {
        Engine engine = TorchEngine.start();
        String name = file.getFileName().toString().replaceFirst("\\.pt$", "");
        Model model = engine.newModel(name, engine.defaultDevice());
        try {
            model.load(file);
            Optional<ForwardSchema> schema = ForwardSchema.read(file);
            if (schema.isPresent()) {
                model.setProperty(ARGUMENTS, schema.get().arguments());
                model.setProperty(RETURNS, schema.get().returns());
            }
            return new ZooModel<>(model, new NoopTranslator());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close(); // frees what libtorch allocated before it failed
            throw e;
        }
    }

    /** What {@link #load} read of the forward's declaration; empty for another model, or where the code did not say. */
    static Optional<ModelSignature> signature(Object model) {
        if (!(model instanceof ZooModel<?, ?> zoo)) {
            return Optional.empty();
        }
        String arguments = zoo.getProperty(ARGUMENTS);
        String returns = zoo.getProperty(RETURNS);
        return arguments == null || returns == null
                ? Optional.empty()
                : Optional.of(new ForwardSchema(arguments, returns).toSignature());
    }
}

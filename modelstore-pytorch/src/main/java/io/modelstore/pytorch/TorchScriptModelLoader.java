package io.modelstore.pytorch;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;
import io.modelstore.TorchFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads TorchScript ({@code torch.jit.trace} or {@code torch.jit.script}, saved by {@code torch.jit.save}) into DJL's
 * PyTorch engine, as an {@code ai.djl.repository.zoo.ZooModel<NDList, NDList>} with DJL's {@code NoopTranslator}:
 * {@code newPredictor()} takes and gives {@code NDList}s. It reads models of library {@code torchscript} (a Java
 * upload may say so), and recognizes a TorchScript file by its content in a model whose library no loader reads,
 * such as Python's {@code upload(domain, model="model.pt")} ({@code model_file}).
 *
 * <p>No DJL type appears here, so that {@code ServiceLoader} can load this class without DJL and
 * {@link #checkAvailable()} can report it missing.
 */
public final class TorchScriptModelLoader implements ModelLoader {

    @Override
    public String library() {
        return "torchscript";
    }

    @Override
    public String typeName() {
        return "ai.djl.repository.zoo.ZooModel";
    }

    /** Starts PyTorch (unpacking its natives on a first start): fails here, not at the first load. */
    @Override
    public void checkAvailable() {
        TorchEngine.start();
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        return TorchScriptModels.load(TorchScriptFiles.modelFile(modelDirectory, metadata));
    }

    /** A file of the model is a TorchScript archive, whatever its name. */
    @Override
    public boolean recognizes(Path modelDirectory, ModelMetadata metadata) throws IOException {
        return !TorchFormat.TORCHSCRIPT.filesIn(modelDirectory).isEmpty();
    }

    /**
     * The arguments and result of the module's {@code forward}, as its TorchScript code declares them: names, and
     * types where they are not tensors (TorchScript records neither a tensor's element type, given as
     * {@value ModelSignature#UNKNOWN_TYPE}, nor its shape, given as none). Empty when the code does not say.
     */
    @Override
    public Optional<ModelSignature> signature(Object model) {
        return TorchScriptModels.signature(model);
    }
}

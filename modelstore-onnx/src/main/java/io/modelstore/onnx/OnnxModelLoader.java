package io.modelstore.onnx;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads models of library {@code onnx} (Python's onnx manager writes {@code model.onnx}) into an
 * {@code ai.onnxruntime.OrtSession}. No ONNX Runtime type appears here, so that {@code ServiceLoader} can load this
 * class without the runtime and {@link #checkAvailable()} can report it missing.
 */
public final class OnnxModelLoader implements ModelLoader {

    @Override
    public String library() {
        return "onnx";
    }

    @Override
    public String typeName() {
        return "ai.onnxruntime.OrtSession";
    }

    @Override
    public void checkAvailable() {
        OrtSessions.environment(); // loads the native library: fails here, not at the first load
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        return OrtSessions.open(ModelLoader.modelFile(modelDirectory, "model.onnx", ".onnx"));
    }

    /** The session's input and output names, element types and shapes (-1 for a free dimension). */
    @Override
    public Optional<ModelSignature> signature(Object model) throws Exception {
        return Optional.of(OnnxSignatures.of(model));
    }
}

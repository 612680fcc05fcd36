package io.modelstore.onnx;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import java.nio.file.Path;

/**
 * Loads models of library {@code onnx} (Python's onnx manager writes {@code model.onnx}) into an
 * {@code ai.onnxruntime.OrtSession}. No ONNX Runtime type appears here, so that {@code ServiceLoader} can load this
 * class without the runtime and {@link #checkAvailable()} can report it missing.
 */
public final class OnnxModelLoader extends OrtSessionLoader {

    /** Created by {@link java.util.ServiceLoader}. */
    public OnnxModelLoader() {}

    @Override
    public String library() {
        return "onnx";
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        return OrtSessions.open(ModelLoader.modelFile(modelDirectory, "model.onnx", ".onnx"));
    }
}

package io.modelstore.onnx;

import io.modelstore.ModelLoader;
import io.modelstore.ModelSignature;
import java.util.Optional;

/**
 * What every loader that returns an ONNX Runtime session shares: its type, the runtime's check, and the signature
 * read from the session. No ONNX Runtime type appears here, so that {@code ServiceLoader} can load subclasses without
 * the runtime.
 */
abstract class OrtSessionLoader implements ModelLoader {

    @Override
    public final String typeName() {
        return "ai.onnxruntime.OrtSession";
    }

    @Override
    public final void checkAvailable() {
        OrtSessions.environment(); // loads the native library: fails here, not at the first load
    }

    /** The session's input and output names, element types and shapes (-1 for a free dimension). */
    @Override
    public final Optional<ModelSignature> signature(Object model) throws Exception {
        return Optional.of(OnnxSignatures.of(model));
    }
}

package io.modelstore.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/** Opens sessions in the one {@link OrtEnvironment} of the JVM (ONNX Runtime allows no other). */
final class OrtSessions {

    private OrtSessions() {}

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** A session on {@code modelFile}; it reads the file whole, which may be removed afterwards. */
    static OrtSession open(Path modelFile) throws OrtException {
        return environment().createSession(modelFile.toString());
    }
}

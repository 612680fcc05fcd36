package io.modelstore.tensorflow;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test where TensorFlow's C library cannot load (a platform whose natives are not on the classpath). */
final class TensorFlowRuntime {

    private TensorFlowRuntime() {}

    static void assumeAvailable() {
        String problem = null;
        try {
            new TensorFlowModelLoader().checkAvailable();
        } catch (LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        assumeTrue(problem == null, "TensorFlow's C library cannot load on this machine: " + problem);
    }
}

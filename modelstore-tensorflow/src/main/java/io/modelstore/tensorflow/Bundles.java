package io.modelstore.tensorflow;

import java.nio.file.Path;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;

/** Where TensorFlow Java is called to load: kept apart so that the loaders hold no TensorFlow type. */
final class Bundles {

    private Bundles() {}

    /** TensorFlow's version; the first call loads the C library (JavaCPP extracts it to its cache first). */
    static String runtimeVersion() {
        return TensorFlow.version();
    }

    /**
     * The SavedModel in {@code directory}, with its {@code serve} tag (what Keras and TF Serving use). The variables
     * are restored into the session: the directory may be removed once this returns.
     */
    static SavedModelBundle open(Path directory) {
        return SavedModelBundle.load(directory.toString(), SavedModelBundle.DEFAULT_TAG);
    }
}

package io.modelstore.tensorflow;

/**
 * Loads models of library {@code tensorflow} into an {@code org.tensorflow.SavedModelBundle} (TensorFlow Java).
 * Python's tensorflow manager saves a Keras model with {@code model.save("model")}: with TensorFlow before 2.16
 * (Keras 2) that is a SavedModel in the archive's {@code model/}, which this loader reads. From 2.16 on it writes
 * Keras 3's {@code model.keras}, which TensorFlow Java does not read: such a model is refused with what to do.
 */
public final class TensorFlowModelLoader extends SavedModelLoader {

    /** Created by {@link java.util.ServiceLoader}. */
    public TensorFlowModelLoader() {}

    @Override
    public String library() {
        return "tensorflow";
    }
}

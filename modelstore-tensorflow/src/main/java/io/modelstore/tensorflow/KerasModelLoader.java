package io.modelstore.tensorflow;

/**
 * Loads models of library {@code keras}, which Python modelstore's keras manager recorded before 0.0.73 (Python
 * loads them with its tensorflow manager since): a SavedModel in the archive's {@code model/}, as
 * {@link TensorFlowModelLoader} reads it.
 */
public final class KerasModelLoader extends SavedModelLoader {

    /** Created by {@link java.util.ServiceLoader}. */
    public KerasModelLoader() {}

    @Override
    public String library() {
        return "keras";
    }
}

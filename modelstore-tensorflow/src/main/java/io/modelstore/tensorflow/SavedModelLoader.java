package io.modelstore.tensorflow;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads a TensorFlow SavedModel into an {@code org.tensorflow.SavedModelBundle}, for the libraries whose Python
 * manager writes one. No TensorFlow type appears here, so that {@code ServiceLoader} can load the subclasses without
 * TensorFlow Java and {@link #checkAvailable()} can report it missing.
 *
 * <p>The bundle is closed by the default {@link #release(Object)}: it is {@link AutoCloseable}.
 */
abstract class SavedModelLoader implements ModelLoader {

    @Override
    public String typeName() {
        return "org.tensorflow.SavedModelBundle";
    }

    @Override
    public void checkAvailable() {
        Bundles.runtimeVersion(); // loads the C library: fails here, not at the first load
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        return Bundles.open(SavedModelDirectory.in(modelDirectory, metadata));
    }

    /**
     * The inputs and outputs of the serving signature ({@code serving_default}, else the model's only one), by name:
     * element types such as {@code float32}, shapes with -1 for a free dimension, an empty shape for an unknown rank.
     * Empty when the model has several signatures and none is {@code serving_default}.
     */
    @Override
    public Optional<ModelSignature> signature(Object model) {
        return ServingSignatures.of(model);
    }
}

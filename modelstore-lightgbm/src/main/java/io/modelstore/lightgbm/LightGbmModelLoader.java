package io.modelstore.lightgbm;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads models of library {@code lightgbm} (Python's lightgbm manager writes the booster as {@code model.txt},
 * beside a {@code model.json} dump that is not read) into a {@link LightGbmModel}, through lightgbmlib (LightGBM
 * 3.3.5), which reads model.txt versions v2, v3 and v4. No lightgbmlib type appears here, so that
 * {@code ServiceLoader} can load this class without the runtime and {@link #checkAvailable()} can report it missing.
 */
public final class LightGbmModelLoader implements ModelLoader {

    /** The lightgbmlib release this module is built and tested with. */
    static final String RUNTIME_VERSION = "3.3.510";
    /** The LightGBM release inside it. */
    static final String LIGHTGBM_VERSION = "3.3.5";

    @Override
    public String library() {
        return "lightgbm";
    }

    @Override
    public String typeName() {
        return "io.modelstore.lightgbm.LightGbmModel";
    }

    /** Loads the native libraries: fails here (missing platform, missing libgomp), not at the first load. */
    @Override
    public void checkAvailable() {
        LightGbmNatives.load();
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        LightGbmNatives.load();
        return LightGbmBoosters.open(ModelLoader.modelFile(modelDirectory, "model.txt", ".txt"), metadata);
    }

    /** The booster's feature count, all that a LightGBM model records of what it reads. */
    @Override
    public Optional<ModelSignature> signature(Object model) {
        return Optional.of(ModelSignature.features(((LightGbmModel) model).featureCount()));
    }

    /** Frees the native booster (closing it). */
    @Override
    public void release(Object model) {
        ((LightGbmModel) model).close();
    }
}

package io.modelstore.xgboost;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads models of library {@code xgboost} (Python's xgboost manager writes the booster as {@code model.xgboost}, in
 * xgboost 1.7's legacy binary format, beside a {@code model.json} tree dump that cannot be loaded) into an
 * {@code ml.dmlc.xgboost4j.java.Booster}. No XGBoost4J type appears here, so that {@code ServiceLoader} can load this
 * class without the runtime and {@link #checkAvailable()} can report it missing.
 */
public final class XGBoostModelLoader implements ModelLoader {

    @Override
    public String library() {
        return "xgboost";
    }

    @Override
    public String typeName() {
        return "ml.dmlc.xgboost4j.java.Booster";
    }

    @Override
    public void checkAvailable() {
        Boosters.loadNativeLibrary();
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        return Boosters.open(ModelLoader.modelFile(modelDirectory, "model.xgboost", ".xgboost", ".ubj"));
    }

    /** A booster holds native memory until it is disposed; it is not {@link AutoCloseable}. */
    @Override
    public Optional<ModelSignature> signature(Object model) throws Exception {
        return Optional.of(ModelSignature.features(Boosters.featureCount(model)));
    }

    @Override
    public void release(Object model) {
        Boosters.dispose(model);
    }
}

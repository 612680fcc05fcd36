package io.modelstore.onnx;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads models of library {@code catboost} into an {@code ai.onnxruntime.OrtSession}: Python's catboost manager
 * writes the model three times, as {@code model.cbm} (CatBoost's own format), {@code model.json} and
 * {@code model.onnx}, and ONNX Runtime serves the last. The {@code .cbm} is not read: CatBoost's JVM runtime is not
 * a dependency of this module. No ONNX Runtime type appears here, so that {@code ServiceLoader} can load this class
 * without the runtime.
 */
public final class CatBoostOnnxModelLoader extends OrtSessionLoader {

    /** Created by {@link java.util.ServiceLoader}. */
    public CatBoostOnnxModelLoader() {}

    @Override
    public String library() {
        return "catboost";
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        if (!Files.isRegularFile(modelDirectory.resolve("model.onnx"))) {
            throw new ModelNotLoadableException(
                    "Model '" + metadata.modelId() + "' of domain '" + metadata.domain()
                            + "' (library 'catboost') has no model.onnx, the file modelstore-onnx serves (it does not read "
                            + "CatBoost's own model.cbm). Upload the model with Python's catboost manager, which writes "
                            + "model.onnx beside model.cbm (CatBoost exports to ONNX models without categorical features), or "
                            + "export it yourself (model.save_model('model.onnx', format='onnx')) and upload that file with "
                            + "library catboost or onnx.",
                    null);
        }
        return OrtSessions.open(modelDirectory.resolve("model.onnx"));
    }
}

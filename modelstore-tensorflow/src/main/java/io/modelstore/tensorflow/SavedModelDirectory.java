package io.modelstore.tensorflow;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the SavedModel among a model's files, and says what to do when there is none. */
final class SavedModelDirectory {

    /** Where Python's tensorflow (and old keras) manager saves the model in its archive. */
    static final String PYTHONS = "model";
    /** What Python's tensorflow manager writes instead from TensorFlow 2.16 on (Keras 3). */
    static final String KERAS_3 = "model.keras";

    private SavedModelDirectory() {}

    /**
     * The directory holding {@code saved_model.pb}: the archive's {@code model/} (Python's managers), else its top
     * level (a SavedModel directory uploaded from Java, whose contents go there).
     *
     * @throws ModelNotLoadableException when neither holds a SavedModel; the message says what to do
     */
    static Path in(Path modelDirectory, ModelMetadata metadata) {
        for (Path candidate : new Path[] {modelDirectory.resolve(PYTHONS), modelDirectory}) {
            if (Files.isRegularFile(candidate.resolve("saved_model.pb"))
                    || Files.isRegularFile(candidate.resolve("saved_model.pbtxt"))) {
                return candidate;
            }
        }
        String model = "Model '" + metadata.modelId() + "' of domain '" + metadata.domain() + "' (library '"
                + metadata.library() + "')";
        String instead =
                "export it as a SavedModel (model.export(\"saved_model\") in Python) and upload that directory "
                        + "with UploadRequest.builder(domain).file(dir).library(\"tensorflow\"), or convert it to ONNX with "
                        + "tf2onnx and load that with modelstore-onnx.";
        if (Files.isRegularFile(modelDirectory.resolve(KERAS_3))) {
            throw new ModelNotLoadableException(
                    model + " holds " + KERAS_3 + ", the Keras 3 file that Python's "
                            + "tensorflow manager writes with TensorFlow 2.16 or later; TensorFlow Java reads SavedModels only. "
                            + "Upload the model from TensorFlow 2.15 or earlier (Keras 2 saves a SavedModel in model/), or "
                            + instead,
                    null);
        }
        throw new ModelNotLoadableException(
                model + " holds no saved_model.pb, neither in " + PYTHONS + "/ (where "
                        + "Python's tensorflow manager saves it) nor at the top of its files (a SavedModel directory uploaded "
                        + "from Java): " + instead,
                null);
    }
}

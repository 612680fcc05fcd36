package io.modelstore.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A one-unit dense layer, {@code score = sigmoid(features . weights + bias)}, as a Keras 2 model's SavedModel has it:
 * variables restored at load, a {@code serving_default} signature from {@code features: float32[-1, n]} to
 * {@code score: float32[-1, 1]}. No Python TensorFlow exists here, so TensorFlow Java exports it, and the scores it
 * computed in the exporting session are what a load must predict.
 */
@SuppressWarnings("ArrayRecordComponent") // a test fixture: read, never compared or hashed
record DenseModel(float[] weights, float bias) {

    /** What Python's tensorflow manager puts beside {@code model/}: the Keras config and the weights' checkpoint file. */
    private static final String MODEL_CONFIG = "\"{\\\"class_name\\\": \\\"Sequential\\\", \\\"config\\\": {}}\"";

    private static final String CHECKPOINT =
            "model_checkpoint_path: \"checkpoint\"\nall_model_checkpoint_paths: \"checkpoint\"\n";

    int features() {
        return weights.length;
    }

    /** Rows of {@link #features()} values, different for each {@code seed}. */
    float[][] rows(int count, int seed) {
        float[][] rows = new float[count][features()];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < features(); j++) {
                rows[i][j] = ((i * 7 + j * 3 + seed) % 11 - 5) / 4f;
            }
        }
        return rows;
    }

    /**
     * Exports the model as a SavedModel into {@code directory} (which must not exist) and returns the scores of
     * {@code rows} computed in the exporting session.
     */
    float[] export(Path directory, float[][] rows) throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x =
                    tf.withName("features").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, features())));
            float[][] column = new float[features()][1];
            for (int j = 0; j < features(); j++) {
                column[j][0] = weights[j];
            }
            Operand<TFloat32> w = tf.withSubScope("dense").withName("kernel").variable(tf.constant(column));
            Operand<TFloat32> b = tf.withSubScope("dense").withName("bias").variable(tf.constant(new float[] {bias}));
            Operand<TFloat32> score = tf.withName("score").math.sigmoid(tf.math.add(tf.linalg.matMul(x, w), b));
            try (Session session = new Session(graph);
                    TFloat32 input = tensor(rows)) {
                session.initialize();
                Signature signature = Signature.builder()
                        .key(Signature.DEFAULT_KEY)
                        .input("features", x)
                        .output("score", score)
                        .build();
                SavedModelBundle.exporter(directory.toString())
                        .withFunction(SessionFunction.create(signature, session))
                        .export();
                return scores(session.function(signature).call(Map.of("features", input)), rows.length);
            }
        }
    }

    /**
     * Lays the model's files out in {@code directory} as Python's tensorflow manager archives a Keras 2 model (the
     * SavedModel in {@code model/}, {@code model_config.json}, {@code checkpoint}), ready for
     * {@code UploadRequest.builder(domain).file(directory)}; returns the scores of {@code rows}.
     */
    float[] exportAsPythonsArchive(Path directory, float[][] rows) throws IOException {
        Files.createDirectories(directory);
        float[] scores = export(directory.resolve("model"), rows);
        Files.writeString(directory.resolve("model_config.json"), MODEL_CONFIG);
        Files.writeString(directory.resolve("checkpoint"), CHECKPOINT);
        return scores;
    }

    static TFloat32 tensor(float[][] rows) {
        return TFloat32.tensorOf(StdArrays.ndCopyOf(rows));
    }

    /** The {@code score} column of a result (closed here). */
    static float[] scores(Result result, int rows) {
        try (result) {
            TFloat32 score = (TFloat32) result.get("score").orElseThrow();
            float[] scores = new float[rows];
            for (int i = 0; i < rows; i++) {
                scores[i] = score.getFloat(i, 0);
            }
            return scores;
        }
    }

    /** The scores of {@code rows} by a loaded bundle's serving signature. */
    static float[] predict(SavedModelBundle bundle, float[][] rows) {
        try (TFloat32 x = tensor(rows)) {
            return scores(bundle.call(Map.of("features", x)), rows.length);
        }
    }
}

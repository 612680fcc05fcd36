package io.modelstore.lightgbm;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Trains a binary classifier with lightgbmlib's C API, as a test's or a benchmark's model: a synthetic data set whose
 * label depends on the first three of its five features, saved as the model.txt LightGBM writes, and predicted in
 * process through the batch API (not the per-row one {@link LightGbmModel} uses). Shared with the benchmarks through
 * this module's test jar.
 */
public final class LightGbmTraining {

    public static final int FEATURES = 5;
    private static final int ROWS = 400;
    private static final int LEAVES = 8;

    /**
     * A trained model's files, as Python's lightgbm manager writes them ({@code model.txt} by save_model, and
     * {@code model.json} by dump_model), its parameters, and what lightgbmlib predicted in process for
     * {@link #probeRows()}.
     */
    @SuppressWarnings("ArrayRecordComponent") // a test fixture's result: read, never compared or hashed
    public record Trained(Path modelFile, Path dumpFile, Map<String, Object> params, double[] predictions) {}

    private LightGbmTraining() {}

    /** The rows every test predicts: the first 8 of the training set of seed 7. */
    public static float[][] probeRows() {
        float[][] all = data(7, ROWS).features;
        return Arrays.copyOf(all, 8);
    }

    /**
     * Trains on the data set of {@code seed} for {@code iterations} rounds and saves the model into {@code directory}.
     * Different seeds or rounds make models that predict differently.
     */
    public static Trained train(int seed, int iterations, Path directory) throws IOException {
        return train(seed, ROWS, LEAVES, iterations, directory);
    }

    /** As {@link #train(int, int, Path)}, on {@code rows} rows (the first 8 are the same whatever the count), with trees of {@code leaves}. */
    public static Trained train(int seed, int rows, int leaves, int iterations, Path directory) throws IOException {
        Path modelFile = directory.resolve("model.txt");
        LightGbmNatives.load();
        Data data = data(seed, rows);
        String params = "objective=binary num_leaves=" + leaves + " min_data_in_leaf=5 learning_rate=0.2 verbose=-1 "
                + "num_threads=1 deterministic=true seed=" + seed;
        SWIGTYPE_p_double matrix = lightgbmlib.new_doubleArray((long) rows * FEATURES);
        SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(rows);
        SWIGTYPE_p_p_void datasetOut = lightgbmlib.new_voidpp();
        SWIGTYPE_p_p_void boosterOut = lightgbmlib.new_voidpp();
        SWIGTYPE_p_int finished = lightgbmlib.new_intp();
        try {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < FEATURES; j++) {
                    lightgbmlib.doubleArray_setitem(matrix, (long) i * FEATURES + j, data.features[i][j]);
                }
                lightgbmlib.floatArray_setitem(labels, i, data.labels[i]);
            }
            check(lightgbmlib.LGBM_DatasetCreateFromMat(
                    lightgbmlib.double_to_voidp_ptr(matrix),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                    rows,
                    FEATURES,
                    1,
                    params,
                    null,
                    datasetOut));
            SWIGTYPE_p_void dataset = lightgbmlib.voidpp_value(datasetOut);
            check(lightgbmlib.LGBM_DatasetSetField(
                    dataset,
                    "label",
                    lightgbmlib.float_to_voidp_ptr(labels),
                    rows,
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32));
            check(lightgbmlib.LGBM_BoosterCreate(dataset, params, boosterOut));
            SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(boosterOut);
            for (int i = 0; i < iterations; i++) {
                check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished));
            }
            check(lightgbmlib.LGBM_BoosterSaveModel(booster, 0, -1, 0, modelFile.toString()));
            SWIGTYPE_p_long_long dumpLength = lightgbmlib.new_int64_tp();
            Path dumpFile = directory.resolve("model.json");
            try {
                Files.writeString(
                        dumpFile, lightgbmlib.LGBM_BoosterDumpModelSWIG(booster, 0, -1, 0, 1 << 24, dumpLength));
            } finally {
                lightgbmlib.delete_int64_tp(dumpLength);
            }
            double[] predictions = predictBatch(booster, probeRows());
            check(lightgbmlib.LGBM_BoosterFree(booster));
            check(lightgbmlib.LGBM_DatasetFree(dataset));
            Map<String, Object> asPython = new LinkedHashMap<>(); // lgb.Booster.params: what train() was given
            for (String param : params.split(" ", -1)) {
                String[] kv = param.split("=", -1);
                asPython.put(
                        kv[0],
                        kv[1].matches("-?[0-9]+")
                                ? (Object) Integer.valueOf(kv[1])
                                : kv[1].matches("[0-9.]+") ? (Object) Double.valueOf(kv[1]) : kv[1]);
            }
            return new Trained(modelFile, dumpFile, asPython, predictions);
        } finally {
            lightgbmlib.delete_intp(finished);
            lightgbmlib.delete_voidpp(boosterOut);
            lightgbmlib.delete_voidpp(datasetOut);
            lightgbmlib.delete_floatArray(labels);
            lightgbmlib.delete_doubleArray(matrix);
        }
    }

    /** LGBM_BoosterPredictForMat over all rows at once, in float32 as a service's rows come. */
    private static double[] predictBatch(SWIGTYPE_p_void booster, float[][] rows) {
        SWIGTYPE_p_float matrix = lightgbmlib.new_floatArray((long) rows.length * FEATURES);
        SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(rows.length);
        SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
        try {
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < FEATURES; j++) {
                    lightgbmlib.floatArray_setitem(matrix, (long) i * FEATURES + j, rows[i][j]);
                }
            }
            check(lightgbmlib.LGBM_BoosterPredictForMat(
                    booster,
                    lightgbmlib.float_to_voidp_ptr(matrix),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32,
                    rows.length,
                    FEATURES,
                    1,
                    lightgbmlibConstants.C_API_PREDICT_NORMAL,
                    0,
                    -1,
                    "",
                    length,
                    out));
            double[] predictions = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                predictions[i] = lightgbmlib.doubleArray_getitem(out, i);
            }
            return predictions;
        } finally {
            lightgbmlib.delete_int64_tp(length);
            lightgbmlib.delete_doubleArray(out);
            lightgbmlib.delete_floatArray(matrix);
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
    private record Data(float[][] features, float[] labels) {}

    /** Features uniform in [-1, 1); label 1 where x0 + x1/2 - x2 plus noise is positive. */
    private static Data data(int seed, int rows) {
        Random random = new Random(seed);
        float[][] features = new float[rows][FEATURES];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < FEATURES; j++) {
                features[i][j] = (float) (random.nextDouble() * 2 - 1);
            }
            double score = features[i][0] + 0.5 * features[i][1] - features[i][2] + 0.3 * random.nextGaussian();
            labels[i] = score > 0 ? 1f : 0f;
        }
        return new Data(features, labels);
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
        }
    }
}

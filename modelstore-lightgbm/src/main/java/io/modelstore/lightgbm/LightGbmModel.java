package io.modelstore.lightgbm;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A LightGBM booster loaded by {@code ModelStore.load} from a model of library {@code lightgbm} (the {@code model.txt}
 * that Python modelstore's lightgbm manager uploads), held in native memory by LightGBM 3.3.5 (lightgbmlib).
 *
 * <pre>{@code
 * try (LightGbmModel model = store.load("churn-lgbm", null, LightGbmModel.class)) {
 *     double[][] p = model.predict(new float[][]{{0.3f, 1.2f, 0f, 4f, 0.5f}});  // p[0][0]: P(class 1) of the row
 * }
 * }</pre>
 *
 * <p>Predictions are what Python's {@code booster.predict(X)} gives: the objective's output (a probability for
 * {@code binary}, a value for {@code regression}, one probability per class for {@code multiclass}), over every
 * tree. Each row is predicted on the calling thread; calls may come from many threads at once, LightGBM serializing
 * them on the booster. The booster's native memory is freed by {@link #close()}, not by the garbage collector: close
 * it, or let a {@code LiveModel} close it after a swap.
 */
public final class LightGbmModel implements AutoCloseable {

    /**
     * A row's prediction runs on the caller's thread: with LightGBM's default OpenMP team, whose threads spin while
     * they wait, a first prediction took 5 to 40 ms and each one after 50 to 80 µs on 2 busy cores, against 0.05 ms
     * and 12 µs on one thread (BENCHMARKS.md).
     */
    private static final String ON_THE_CALLING_THREAD = "num_threads=1";

    private final SWIGTYPE_p_void booster;
    private final int featureCount;
    private final int outputsPerRow;
    private final String source;
    // Predictions share the booster; close() waits for them, and none starts after it.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    LightGbmModel(SWIGTYPE_p_void booster, int featureCount, int outputsPerRow, String source) {
        this.booster = booster;
        this.featureCount = featureCount;
        this.outputsPerRow = outputsPerRow;
        this.source = source;
    }

    /**
     * How many features a row has: the model's {@code max_feature_idx + 1}.
     *
     * @return the number of features of a row
     */
    public int featureCount() {
        return featureCount;
    }

    /**
     * How many values {@link #predict} gives a row: 1 for regression and binary classification, else the classes.
     *
     * @return the number of values of a row's prediction
     */
    public int outputsPerRow() {
        return outputsPerRow;
    }

    /**
     * Predicts each row: {@code rows[i]} holds the {@link #featureCount()} features of row {@code i} in the model's
     * order ({@code Float.NaN} for a missing value); the answer's {@code [i]} holds its {@link #outputsPerRow()}
     * values.
     *
     * @param rows the rows, each of {@link #featureCount()} features
     * @return the predictions, a row of {@link #outputsPerRow()} values for each row
     * @throws IllegalArgumentException when a row does not have {@link #featureCount()} features
     * @throws IllegalStateException    when the model is closed, or LightGBM fails (its message is given)
     */
    public double[][] predict(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        for (int i = 0; i < rows.length; i++) {
            Objects.requireNonNull(rows[i], "rows[" + i + "]");
            if (rows[i].length != featureCount) {
                throw new IllegalArgumentException(
                        "Row " + i + " has " + rows[i].length + " features, but this LightGBM " + "model (" + source
                                + ") reads " + featureCount + " a row: give them in the model's order.");
            }
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("This LightGBM model (" + source + ") is closed: its native booster "
                        + "was freed. Load the model again, or predict through a LiveModel, which keeps a model open "
                        + "while a call uses it.");
            }
            return predictOpen(rows);
        } finally {
            lock.readLock().unlock();
        }
    }

    private double[][] predictOpen(float[][] rows) {
        double[][] out = new double[rows.length][];
        double[] row = new double[featureCount];
        SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
        SWIGTYPE_p_double values = lightgbmlib.new_doubleArray(outputsPerRow);
        try {
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < featureCount; j++) {
                    row[j] = rows[i][j]; // exact: LightGBM computes in double whatever it is given
                }
                int status = lightgbmlib.LGBM_BoosterPredictForMatSingle(
                        row,
                        booster,
                        lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                        featureCount,
                        1,
                        lightgbmlibConstants.C_API_PREDICT_NORMAL,
                        0,
                        -1,
                        ON_THE_CALLING_THREAD,
                        length,
                        values);
                if (status != 0) {
                    throw new IllegalStateException("LightGBM could not predict row " + i + " with the model " + source
                            + ": " + lightgbmlib.LGBM_GetLastError());
                }
                out[i] = new double[outputsPerRow];
                for (int k = 0; k < outputsPerRow; k++) {
                    out[i][k] = lightgbmlib.doubleArray_getitem(values, k);
                }
            }
            return out;
        } finally {
            lightgbmlib.delete_doubleArray(values);
            lightgbmlib.delete_int64_tp(length);
        }
    }

    /** Frees the native booster once the predictions under way return; closing again does nothing. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            int status = lightgbmlib.LGBM_BoosterFree(booster);
            if (status != 0) {
                throw new IllegalStateException(
                        "LightGBM could not free the model " + source + ": " + lightgbmlib.LGBM_GetLastError());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Such as {@code LightGbmModel[churn/3f2a..., 5 features, 1 output a row]}. */
    @Override
    public String toString() {
        return "LightGbmModel[" + source + ", " + featureCount + " features, " + outputsPerRow + " output"
                + (outputsPerRow == 1 ? "" : "s") + " a row" + (isClosed() ? ", closed" : "") + "]";
    }

    private boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }
}

package io.modelstore.xgboost;

import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Reads boosters with XGBoost4J. */
final class Boosters {

    private Boosters() {}

    /** Initialises XGBoost4J's JNI class, which loads the native library: fails here, not at the first load. */
    static void loadNativeLibrary() {
        try {
            Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, Booster.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new NoClassDefFoundError(e.getMessage());
        }
    }

    /** How many features a row has for this booster. */
    static int featureCount(Object booster) throws XGBoostError {
        return Math.toIntExact(((Booster) booster).getNumFeature());
    }

    static void dispose(Object booster) {
        ((Booster) booster).dispose();
    }

    /** The booster in {@code modelFile} (binary, UBJSON or JSON model format); read whole, it may be removed afterwards. */
    static Booster open(Path modelFile) throws XGBoostError {
        return XGBoost.loadModel(modelFile.toString());
    }
}

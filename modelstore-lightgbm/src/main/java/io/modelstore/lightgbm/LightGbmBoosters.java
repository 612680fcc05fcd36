package io.modelstore.lightgbm;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import io.modelstore.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@code model.txt} into a native LightGBM booster, wrapped as a {@link LightGbmModel}. */
final class LightGbmBoosters {

    private LightGbmBoosters() {}

    /** The booster in {@code modelFile}; read whole, the file may be removed afterwards. */
    static LightGbmModel open(Path modelFile, ModelMetadata meta) throws IOException {
        String version = ModelText.checkReadable(modelFile, meta);
        Path sequential = Files.createTempFile("modelstore-lightgbm-", ".txt");
        try {
            ModelText.copyForSequentialParse(modelFile, sequential);
            return open(sequential, modelFile, version, meta);
        } finally {
            Files.deleteIfExists(sequential);
        }
    }

    private static LightGbmModel open(Path sequential, Path modelFile, String version, ModelMetadata meta) {
        SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
        SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
        try {
            if (lightgbmlib.LGBM_BoosterCreateFromModelfile(sequential.toString(), iterations, out) != 0) {
                throw ModelText.refused(meta, modelFile, version, lightgbmlib.LGBM_GetLastError());
            }
            SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(out);
            try {
                return new LightGbmModel(
                        booster, count(booster, true), count(booster, false), meta.domain() + "/" + meta.modelId());
            } catch (RuntimeException e) {
                lightgbmlib.LGBM_BoosterFree(booster);
                throw e;
            }
        } finally {
            lightgbmlib.delete_voidpp(out);
            lightgbmlib.delete_intp(iterations);
        }
    }

    /** The booster's feature count, or its class count (the values a row's prediction has). */
    private static int count(SWIGTYPE_p_void booster, boolean features) {
        SWIGTYPE_p_int count = lightgbmlib.new_intp();
        try {
            int status = features
                    ? lightgbmlib.LGBM_BoosterGetNumFeature(booster, count)
                    : lightgbmlib.LGBM_BoosterGetNumClasses(booster, count);
            if (status != 0) {
                throw new IllegalStateException("LightGBM cannot tell the " + (features ? "feature" : "class")
                        + " count of a model it loaded: " + lightgbmlib.LGBM_GetLastError());
            }
            return lightgbmlib.intp_value(count);
        } finally {
            lightgbmlib.delete_intp(count);
        }
    }
}

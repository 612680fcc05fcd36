package com.example.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.modelstore.LiveModel;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scores rows on the churn model that serves now; a swap meanwhile waits for the call before freeing the old model. */
@RestController
class PredictController {

    record Rows(List<List<Double>> rows) {
    }

    record Prediction(@JsonProperty("model_id") String modelId,
                      @JsonProperty("proba_class1") List<Float> probabilities) {
    }

    private final LiveModel<Booster> churn;

    PredictController(@Qualifier("churn") LiveModel<Booster> churn) {
        this.churn = churn;
    }

    @PostMapping("/predict")
    Prediction predict(@RequestBody Rows body) {
        List<List<Double>> rows = body.rows();
        if (rows == null || rows.isEmpty() || rows.get(0) == null || rows.get(0).isEmpty()) {
            throw new IllegalArgumentException("the body must be {\"rows\": [[feature, ...], ...]}");
        }
        int columns = rows.get(0).size();
        float[] data = new float[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r) == null || rows.get(r).size() != columns) {
                throw new IllegalArgumentException("row " + r + " does not have " + columns + " features, as row 0 has");
            }
            for (int c = 0; c < columns; c++) {
                Double value = rows.get(r).get(c);
                data[r * columns + c] = value == null ? Float.NaN : value.floatValue();
            }
        }
        return churn.applyWithMetadata((model, booster) -> score(model.modelId(), booster, data, rows.size(), columns));
    }

    private static Prediction score(String modelId, Booster booster, float[] data, int rows, int columns) {
        try {
            DMatrix matrix = new DMatrix(data, rows, columns, Float.NaN);
            try {
                List<Float> probabilities = new ArrayList<>();
                for (float[] p : booster.predict(matrix)) {
                    probabilities.add(p[0]);
                }
                return new Prediction(modelId, probabilities);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("XGBoost cannot score these rows: " + e.getMessage(), e);
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRows(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}

package io.modelstore.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A small HTTP scoring service: it follows the newest XGBoost model in a state (by default {@code churn-xgb} in
 * {@code production}), loaded through the store, and answers {@code POST /predict} with {@code {"rows": [[...], ...]}}
 * by the class-1 probabilities of the model serving now. When Python (or Java) moves the state, the next answers come
 * from the new model, without a restart or a dropped request.
 *
 * <pre>
 * MODEL_STORE_STORAGE=filesystem MODEL_STORE_ROOT_PREFIX=/srv/models java ... ScoringService churn-xgb production 8080
 * curl -d '{"rows": [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]]}' http://127.0.0.1:8080/predict
 * </pre>
 */
public final class ScoringService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveModel<Booster> model;
    private final HttpServer server;

    private ScoringService(LiveModel<Booster> model, HttpServer server) {
        this.model = model;
        this.server = server;
    }

    /** Starts following {@code domain}/{@code state} and serving on {@code port} of 127.0.0.1 (0: any free port). */
    public static ScoringService start(ModelStore store, String domain, String state, int port, Duration pollEvery)
            throws IOException {
        LiveModel<Booster> model = store.follow(domain, state, Booster.class, pollEvery);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ScoringService service = new ScoringService(model, server);
        server.createContext("/predict", service::predict);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return service;
    }

    /** The port it answers on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void predict(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, error("POST {\"rows\": [[...], ...]} to /predict"));
                return;
            }
            JsonNode rows = JSON.readTree(exchange.getRequestBody()).path("rows");
            if (!rows.isArray() || rows.isEmpty() || !rows.get(0).isArray()) {
                respond(exchange, 400, error("the body must be {\"rows\": [[feature, ...], ...]}"));
                return;
            }
            ObjectNode answer = model.applyWithMetadata((meta, booster) -> score(meta.modelId(), booster, rows));
            respond(exchange, 200, answer);
        } catch (RuntimeException e) {
            respond(exchange, 500, error(e.getMessage()));
        }
    }

    /** Runs on the booster that serves now: a swap meanwhile waits for this call before freeing it. */
    private static ObjectNode score(String modelId, Booster booster, JsonNode rows) {
        int columns = rows.get(0).size();
        float[] data = new float[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                data[r * columns + c] = (float) rows.get(r).path(c).asDouble(Double.NaN);
            }
        }
        try {
            DMatrix matrix = new DMatrix(data, rows.size(), columns, Float.NaN);
            try {
                float[][] predictions = booster.predict(matrix);
                ObjectNode answer = JSON.createObjectNode();
                answer.put("model_id", modelId);
                var probabilities = answer.putArray("proba_class1");
                for (float[] p : predictions) {
                    probabilities.add(p[0]);
                }
                return answer;
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("XGBoost cannot score these rows: " + e.getMessage(), e);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops answering and frees the model. */
    @Override
    public void close() {
        server.stop(0);
        model.close();
    }

    /** Arguments: domain, state, port (defaults: churn-xgb production 8080); the store comes from the environment. */
    public static void main(String[] args) throws IOException {
        String domain = args.length > 0 ? args[0] : "churn-xgb";
        String state = args.length > 1 ? args[1] : "production";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 8080;
        ModelStore store = ModelStore.fromEnvironment();
        ScoringService service = start(store, domain, state, port, Duration.ofSeconds(10));
        System.out.println("Scoring " + domain + "/" + state + " with model "
                + service.model.current().modelId() + " on http://127.0.0.1:" + service.port() + "/predict");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            store.close();
        }));
    }
}

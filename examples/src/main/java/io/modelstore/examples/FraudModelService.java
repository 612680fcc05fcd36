package io.modelstore.examples;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A service that publishes and serves models. It knows only {@link ModelStore}: whether the models live on the
 * local disk, in S3 or in Azure is the configuration's business, not this code's.
 */
public final class FraudModelService {

    static final String DOMAIN = "fraud-detector";
    static final String PRODUCTION = "production";

    private final ModelStore store;

    @Inject
    public FraudModelService(ModelStore store) {
        this.store = store;
    }

    /** Publishes a model with its metadata and puts it in production; returns its id. */
    public String publish(Path model, double auc) {
        ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                .file(model)
                .metadata("auc", auc)
                .metadata("owner", "fraud-team")
                .library("onnx")
                .build());
        store.createModelState(PRODUCTION);
        store.setModelState(DOMAIN, meta.modelId(), PRODUCTION);
        return meta.modelId();
    }

    /** Downloads the newest model in production into {@code target}; returns its id. */
    public String fetchProductionModel(Path target) {
        List<String> inProduction = store.listModels(DOMAIN, PRODUCTION);
        if (inProduction.isEmpty()) {
            throw new IllegalStateException("No model of " + DOMAIN + " is in production yet");
        }
        String id = inProduction.get(0);
        store.download(target, DOMAIN, id);
        return id;
    }

    /** Publishes a model, fetches what is in production, and says what happened on {@code out}. */
    public void run(Path work, PrintStream out) throws IOException {
        Path model =
                Files.write(work.resolve("model.onnx"), new byte[] {0x08, 0x07, 0x12, 0x04, 0x6f, 0x6e, 0x6e, 0x78});
        String id = publish(model, 0.91);
        out.println("published " + id);
        out.println("models in " + DOMAIN + ": " + store.listModels(DOMAIN).size());
        Path target = work.resolve("serving");
        String served = fetchProductionModel(target);
        out.println("serving " + served + (served.equals(id) ? " (the one just published)" : ""));
        boolean same = Files.mismatch(model, target.resolve("model.onnx")) == -1;
        out.println("model.onnx " + (same ? "matches" : "DIFFERS FROM") + " what was published");
    }
}

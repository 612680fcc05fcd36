package com.example.fraud;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A user's program: stores a model in a local store (the first argument, default ./model-store) and reads it back. */
public final class FraudService {

    private FraudService() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "model-store");
        Path model = Files.createTempFile("model-", ".bin");
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            Files.writeString(model, "weights");
            ModelMetadata meta = store.upload(UploadRequest.builder("fraud-detector").file(model).build());
            System.out.println("uploaded " + meta.modelId() + "; models in fraud-detector: "
                    + store.listModels("fraud-detector").size());
        } finally {
            Files.delete(model);
        }
    }
}

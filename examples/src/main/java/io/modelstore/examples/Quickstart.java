package io.modelstore.examples;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Uploads a model file with an extra file and metadata to a local store, lists it, and downloads it again.
 *
 * <p>Run it with {@code mvn -B -q -pl examples -am -DskipTests package exec:java}; the store goes to
 * {@code ./model-store} (or the directory given as the first argument).
 */
public final class Quickstart {

    private Quickstart() {}

    public static void main(String[] args) throws IOException {
        Path storeDir = Path.of(args.length > 0 ? args[0] : "model-store").toAbsolutePath();
        try (WorkDirectory temporary = new WorkDirectory("modelstore-quickstart-")) {
            run(storeDir, temporary.path);
        }
    }

    private static void run(Path storeDir, Path work) throws IOException {
        // A "trained model" and a file to keep beside it.
        Path model = Files.write(work.resolve("model.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path thresholds = Files.writeString(work.resolve("thresholds.json"), "{\"fraud\": 0.87}");

        try (ModelStore store = ModelStore.fromFileSystem(storeDir, true)) {
            System.out.println("Store: " + store);

            ModelMetadata meta = store.upload(UploadRequest.builder("fraud-detector")
                    .file(model)
                    .extra(thresholds)
                    .metadata("owner", "ml-team")
                    .metadata("auc", 0.93)
                    .build());
            System.out.println("Uploaded model " + meta.modelId() + " to domain " + meta.domain() + " ("
                    + meta.archiveSize().orElse(-1) + " bytes, sha256 "
                    + meta.archiveSha256().orElse("-") + ")");

            System.out.println("Domains: " + store.listDomains());
            System.out.println("Models in fraud-detector, newest first: " + store.listModels("fraud-detector"));
            System.out.println("Latest model's extra metadata: "
                    + store.getDomain("fraud-detector").extra());

            Path target = work.resolve("downloaded");
            store.download(target, "fraud-detector", meta.modelId());
            System.out.println("Downloaded to " + target + ":");
            try (Stream<Path> files = Files.walk(target)) {
                files.filter(Files::isRegularFile)
                        .sorted()
                        .forEach(f -> System.out.println("  " + target.relativize(f) + " (" + size(f) + " bytes)"));
            }
            boolean same = Files.mismatch(model, target.resolve("model.bin")) == -1;
            System.out.println("model.bin is " + (same ? "identical to" : "DIFFERENT from") + " the uploaded file");
            System.out.println("extras/thresholds.json: "
                    + Files.readString(target.resolve("extras/thresholds.json"), StandardCharsets.UTF_8));
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }
}

package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.INTERRUPTED;
import static io.modelstore.cli.ModelStoreCli.OK;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore upload}: a model's files, with extras and metadata, to a domain. */
@Command(
        name = "upload",
        mixinStandardHelpOptions = true,
        description = "Upload a model (files or directories) to a domain; prints its id.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelstore upload fraud-detector model.onnx",
            "  modelstore upload iris ./saved_model --model-id iris-v3 --extra README.md --meta auc=0.93 --meta owner=ml"
        })
final class UploadCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Mixin
    ModelStoreCli.JsonOption output;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain, such as fraud-detector.")
    String domain;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "The model's files or directories.")
    List<Path> files;

    @Option(names = "--model-id", description = "The model's id (default: a new UUID).")
    String modelId;

    @Option(names = "--extra", paramLabel = "FILE", description = "An extra file, stored under extras/ (repeatable).")
    List<Path> extras = List.of();

    @Option(
            names = "--meta",
            paramLabel = "KEY=VALUE",
            description = "Extra metadata (repeatable); numbers and true/false stay typed.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--library", description = "The library label (default: model_file).")
    String library;

    @Option(names = "--type", description = "The model type label, such as LogisticRegression.")
    String type;

    @Override
    @SuppressWarnings("ClosingStandardOutputStreams") // Interruption prints to System.err; its close() leaves it open
    public Integer call() throws Exception {
        ProgressBar progress = ProgressBar.onStderr();
        UploadRequest.Builder request =
                UploadRequest.builder(domain).modelId(modelId).progress(progress);
        files.forEach(request::file);
        extras.forEach(request::extra);
        meta.forEach((k, v) -> request.metadata(k, typed(v)));
        if (library != null) {
            request.library(library);
        }
        request.type(type);
        try (ModelStore store = root.open();
                Interruption interruption = new Interruption(
                        progress,
                        System.err,
                        stored -> stored
                                ? "Interrupted after the model was stored in domain '" + domain + "'."
                                : "Interrupted: the upload to domain '" + domain
                                        + "' was stopped and no model was stored.")) {
            ModelMetadata uploaded;
            try {
                uploaded = store.upload(request.build());
            } catch (RuntimeException e) {
                if (interruption.happened()) {
                    return INTERRUPTED; // the hook says so, once this thread lets it
                }
                throw e;
            }
            interruption.succeeded();
            progress.finishLine();
            if (output.json) {
                System.out.println(uploaded.toJson());
            } else {
                System.out.println(uploaded.modelId());
            }
            System.err.println("Uploaded " + uploaded.domain() + "/" + uploaded.modelId() + " to "
                    + store.storage().describe());
        }
        return OK;
    }

    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notLong) {
            try {
                double d = Double.parseDouble(value);
                return Double.isFinite(d) ? d : value;
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }
}

package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.OK;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore info}: a model's metadata. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show a model's metadata.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelstore info fraud-detector 3f2c...",
            "  modelstore info fraud-detector --state production --json"
        })
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Mixin
    ModelStoreCli.JsonOption output;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "MODEL_ID",
            description = "Default: the domain's latest model.")
    String modelId;

    @Option(names = "--state", paramLabel = "STATE", description = "Without MODEL_ID: the newest model in this state.")
    String state;

    @Override
    public Integer call() throws Exception {
        try (ModelStore store = root.open()) {
            ModelMetadata meta = modelId != null ? store.getModelInfo(domain, modelId) : store.getDomain(domain, state);
            String modelId = meta.modelId();
            if (output.json) {
                ModelStoreCli.printJson(ModelStoreCli.JSON.readTree(meta.toJson())); // indented, as every --json is
            } else {
                System.out.println("domain:   " + meta.domain());
                System.out.println("model id: " + meta.modelId());
                System.out.println("library:  " + meta.library()
                        + meta.type().map(t -> " (" + t + ")").orElse(""));
                System.out.println("created:  " + meta.created());
                System.out.println("states:   " + String.join(", ", store.getModelStates(domain, modelId)));
                meta.archiveSize()
                        .ifPresent(s -> System.out.println("archive:  " + ProgressBar.bytes(s)
                                + meta.archiveSha256().map(h -> ", sha256 " + h).orElse("")));
                meta.signature().ifPresent(sig -> {
                    System.out.println("inputs:   "
                            + sig.inputs().stream().map(Object::toString).collect(Collectors.joining(", ")));
                    System.out.println("outputs:  "
                            + sig.outputs().stream().map(Object::toString).collect(Collectors.joining(", ")));
                });
                if (!meta.extra().isEmpty()) {
                    System.out.println("extra:    "
                            + ModelStoreCli.JSON
                                    .writer()
                                    .without(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(meta.extra()));
                }
            }
        }
        return OK;
    }
}

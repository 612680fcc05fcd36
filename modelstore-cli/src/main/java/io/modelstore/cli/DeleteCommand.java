package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.OK;
import static io.modelstore.cli.ModelStoreCli.USAGE;

import io.modelstore.ModelStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore delete}: a model, after a confirmation or {@code --yes}. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a model (its metadata stays as a tombstone, as in Python).",
        footerHeading = "%nExamples:%n",
        footer = {"  modelstore delete fraud-detector 3f2c... --yes"})
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Parameters(index = "1", paramLabel = "MODEL_ID")
    String modelId;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        if (!ModelStoreCli.confirmed(yes, "Delete model " + modelId + " from domain " + domain + "?")) {
            return USAGE;
        }
        try (ModelStore store = root.open()) {
            store.deleteModel(domain, modelId);
        }
        System.err.println("Deleted " + domain + "/" + modelId);
        return OK;
    }
}

package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.OK;

import io.modelstore.ModelStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore models}: a domain's models, newest first, or those in a state. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List a domain's models, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {"  modelstore models fraud-detector", "  modelstore models fraud-detector --state production --json"})
final class ModelsCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Mixin
    ModelStoreCli.JsonOption output;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Option(names = "--state", paramLabel = "STATE", description = "Only the models in this state.")
    String state;

    @Override
    public Integer call() throws Exception {
        try (ModelStore store = root.open()) {
            List<String> ids = store.listModels(domain, state);
            if (output.json) {
                ModelStoreCli.printJson(ids);
            } else {
                ids.forEach(System.out::println);
            }
        }
        return OK;
    }
}

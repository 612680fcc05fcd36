package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.OK;

import io.modelstore.ModelStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore domains}: the store's domains. */
@Command(
        name = "domains",
        mixinStandardHelpOptions = true,
        description = "List the domains.",
        footerHeading = "%nExamples:%n",
        footer = {"  modelstore domains", "  modelstore domains --json"})
final class DomainsCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Mixin
    ModelStoreCli.JsonOption output;

    @Override
    public Integer call() throws Exception {
        try (ModelStore store = root.open()) {
            List<String> domains = store.listDomains();
            if (output.json) {
                ModelStoreCli.printJson(domains);
            } else {
                domains.forEach(System.out::println);
            }
        }
        return OK;
    }
}

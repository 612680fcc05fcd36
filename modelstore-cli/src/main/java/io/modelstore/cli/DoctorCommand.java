package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.FAILED;
import static io.modelstore.cli.ModelStoreCli.OK;
import static io.modelstore.cli.ModelStoreCli.USAGE;

import io.modelstore.Backends;
import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore doctor}: the installed backends, the resolved configuration, and whether the store answers. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description =
                "Say which backends are installed, which configuration was resolved, and whether the store answers.",
        footerHeading = "%nExamples:%n",
        footer = {"  modelstore doctor", "  modelstore --store s3://my-models doctor --json"})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Mixin
    ModelStoreCli.JsonOption output;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, String> backends = new LinkedHashMap<>();
        for (Backends.Status status : Backends.discover().status()) {
            backends.put(
                    status.id(),
                    status.usable()
                            ? "installed"
                            : status.installed() ? "broken: " + status.problem() : "not installed");
        }
        report.put("backends", backends);
        int exit = OK;
        StoreConfig config = null;
        try {
            config = root.config();
            report.put("configuration", config.toString());
        } catch (ModelStoreCli.ConfigurationError e) {
            report.put("configuration", "error: " + e.getMessage());
            exit = USAGE;
        }
        if (config != null) {
            long start = System.nanoTime();
            try (ModelStore store = ModelStore.open(config)) {
                int domains = store.listDomains().size();
                report.put(
                        "store",
                        "answers: " + domains + " domain" + (domains == 1 ? "" : "s") + " in "
                                + (System.nanoTime() - start) / 1_000_000 + " ms ("
                                + store.storage().describe() + ")");
            } catch (RuntimeException e) {
                report.put("store", "error: " + ModelStoreCli.message(e));
                exit = FAILED;
            }
        }
        if (output.json) {
            ModelStoreCli.printJson(report);
        } else {
            System.out.println("Backends:");
            backends.forEach((id, state) -> System.out.printf("  %-22s %s%n", id, state));
            System.out.println("Configuration: " + report.get("configuration"));
            if (report.containsKey("store")) {
                System.out.println("Store: " + report.get("store"));
            }
        }
        return exit;
    }
}

package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.OK;

import io.modelstore.DownloadOptions;
import io.modelstore.ModelStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore download}: a model (by id, by state or the latest) extracted into a directory. */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        description = "Download a model (the latest when no id is given) and extract it; prints the directory.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelstore download fraud-detector --to ./serving",
            "  modelstore download fraud-detector 3f2c... --to /models/fraud --overwrite",
            "  modelstore download fraud-detector --state production --to ./serving",
            "  modelstore download fraud-detector 3f2c... ./models   (as Python: into ./models/fraud-detector/3f2c...)"
        })
final class DownloadCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "MODEL_ID",
            description = "Default: the domain's latest model.")
    String modelId;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "PARENT_DIR",
            description = "As Python's CLI: extract " + "into PARENT_DIR/DOMAIN/MODEL_ID (instead of --to).")
    Path parentDir;

    @Option(names = "--to", paramLabel = "DIR", description = "Where to extract (default: ./<domain>).")
    Path to;

    @Option(
            names = "--overwrite",
            description = "Replace files of the same name in DIR (a directory in the way is "
                    + "never deleted). Default: refuse when any of the model's paths is there.")
    boolean overwrite;

    @Option(names = "--state", paramLabel = "STATE", description = "Without MODEL_ID: the newest model in this state.")
    String state;

    @Override
    public Integer call() {
        if (parentDir != null && to != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Give PARENT_DIR or --to, not both: " + "PARENT_DIR extracts into PARENT_DIR/" + domain + "/"
                            + modelId + ", --to into the directory given.");
        }
        ProgressBar progress = ProgressBar.onStderr();
        Path target;
        try (ModelStore store = root.open()) {
            String id = ModelStoreCli.modelId(store, domain, modelId, state);
            target = (parentDir != null ? parentDir.resolve(domain).resolve(id) : to != null ? to : Path.of(domain))
                    .toAbsolutePath()
                    .normalize();
            store.download(
                    target,
                    domain,
                    id,
                    DownloadOptions.defaults().withOverwrite(overwrite).withProgress(progress));
            progress.finishLine();
        }
        System.out.println(target);
        return OK;
    }
}

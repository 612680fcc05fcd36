package io.modelstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelstore.BackendNotInstalledException;
import io.modelstore.Backends;
import io.modelstore.DownloadOptions;
import io.modelstore.InvalidNameException;
import io.modelstore.InvalidUploadException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.StoreConfig;
import io.modelstore.TargetConflictException;
import io.modelstore.UploadRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code modelstore}: upload, list, download and delete models from the shell, in the same store and format as
 * the library and Python modelstore. Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a failed
 * operation, 2 a usage or configuration error.
 */
@Command(name = "modelstore", mixinStandardHelpOptions = true, versionProvider = ModelStoreCli.Version.class,
        description = "Version, store, list, download and delete machine learning models, in Python modelstore's format.",
        subcommands = {ModelStoreCli.Upload.class, ModelStoreCli.Download.class, ModelStoreCli.Domains.class,
                ModelStoreCli.Models.class, ModelStoreCli.Info.class, ModelStoreCli.Delete.class, ModelStoreCli.States.class,
                ModelStoreCli.Doctor.class, CheckCommand.class, CommandLine.HelpCommand.class,
                picocli.AutoComplete.GenerateCompletion.class},
        footerHeading = "%nConfiguration:%n",
        footer = {"  --store URI (file:///srv/models, s3://bucket/prefix?region=r, gs://bucket?project=p, az://container),",
                "  else Python's MODEL_STORE_STORAGE and its variables, else a local store in ./model-store.",
                "%nExamples:",
                "  modelstore upload fraud-detector model.onnx --extra thresholds.json --meta owner=ml-team",
                "  modelstore models fraud-detector --json",
                "  modelstore --store \"s3://my-models?region=eu-central-1\" download fraud-detector --to ./serving"})
public final class ModelStoreCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--store", paramLabel = "URI", scope = CommandLine.ScopeType.INHERIT,
            description = "The store: a URI or a directory. Default: MODEL_STORE_STORAGE and its variables, else ./model-store.")
    String store;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and the SDKs' log messages.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new ModelStoreCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ModelStoreCli root = commandLine.getCommandSpec().root().commandLine().getCommand();
            PrintWriter err = commandLine.getErr();
            err.println("modelstore: " + (e instanceof ModelStoreException || e instanceof ConfigurationError
                    ? message(e) : e.toString()));
            if (root.verbose) {
                e.printStackTrace(err);
            } else if (!(e instanceof ModelStoreException) && !(e instanceof ConfigurationError)) {
                err.println("modelstore: run again with --verbose for the stack trace.");
            }
            err.flush();
            return e instanceof ConfigurationError || e instanceof InvalidNameException
                    || e instanceof InvalidUploadException || e instanceof TargetConflictException ? USAGE : FAILED;
        });
        if (!List.of(args).contains("--verbose") && !List.of(args).contains("-v")) {
            java.util.logging.LogManager.getLogManager().reset(); // the SDKs' chatter is not for the shell
        }
        return cli.execute(args);
    }

    /** An error's message as the command line says it: a library remedy as the command, not as the Java call. */
    static String message(Throwable e) {
        return e instanceof ModelStoreException m ? m.commandLineMessage() : e.getMessage();
    }

    /** A configuration the store could not be opened with: exit code 2. */
    static final class ConfigurationError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigurationError(RuntimeException cause) {
            super(messageOf(cause), cause);
        }

        /** A backend this jar lacks is added with jars on MODELSTORE_CLASSPATH, not with a Maven dependency. */
        private static String messageOf(RuntimeException cause) {
            if (!(cause instanceof BackendNotInstalledException missing)) {
                return message(cause);
            }
            boolean hdfs = missing.backendId().equals("hdfs");
            return cause.getMessage() + "\nFor the command-line tool, put "
                    + (hdfs ? "the jars of modelstore-hdfs, hadoop-client-api and hadoop-client-runtime"
                            : "the module's jar and the jars it depends on")
                    + " on MODELSTORE_CLASSPATH, separated by ':', as in MODELSTORE_CLASSPATH=a.jar:b.jar ./modelstore doctor"
                    + (hdfs ? " (see the README's section on HDFS)." : ".");
        }
    }

    /** The configuration this command line resolves to. */
    StoreConfig config() {
        try {
            if (store != null) {
                return StoreConfig.fromUri(store);
            }
            if (System.getenv("MODEL_STORE_STORAGE") != null) {
                return StoreConfig.fromEnvironment();
            }
            Map<String, String> local = new LinkedHashMap<>();
            local.put("root", Path.of("model-store").toAbsolutePath().toString());
            local.put("create", "true");
            return StoreConfig.of("filesystem", local, "", "the default, ./model-store");
        } catch (RuntimeException e) {
            throw new ConfigurationError(e);
        }
    }

    ModelStore open() {
        StoreConfig config = config();
        try {
            return ModelStore.open(config);
        } catch (RuntimeException e) {
            throw new ConfigurationError(e);
        }
    }

    static void printJson(Object value) throws Exception {
        System.out.println(JSON.writeValueAsString(value));
    }

    /** Options shared by the listing commands. */
    static final class JsonOption {
        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;
    }

    // ------------------------------------------------------------------ upload

    @Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload a model (files or directories) to a domain; prints its id.",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore upload fraud-detector model.onnx",
                    "  modelstore upload iris ./saved_model --model-id iris-v3 --extra README.md --meta auc=0.93 --meta owner=ml"})
    static final class Upload implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain, such as fraud-detector.")
        String domain;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE|DIR", description = "The model's files or directories.")
        List<Path> files;

        @Option(names = "--model-id", description = "The model's id (default: a new UUID).")
        String modelId;

        @Option(names = "--extra", paramLabel = "FILE", description = "An extra file, stored under extras/ (repeatable).")
        List<Path> extras = List.of();

        @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Extra metadata (repeatable); numbers and true/false stay typed.")
        Map<String, String> meta = new LinkedHashMap<>();

        @Option(names = "--library", description = "The library label (default: model_file).")
        String library;

        @Option(names = "--type", description = "The model type label, such as LogisticRegression.")
        String type;

        @Override
        public Integer call() throws Exception {
            ProgressBar progress = ProgressBar.onStderr();
            UploadRequest.Builder request = UploadRequest.builder(domain).modelId(modelId).progress(progress);
            files.forEach(request::file);
            extras.forEach(request::extra);
            meta.forEach((k, v) -> request.metadata(k, typed(v)));
            if (library != null) {
                request.library(library);
            }
            request.type(type);
            try (ModelStore store = root.open()) {
                ModelMetadata uploaded = store.upload(request.build());
                progress.finishLine();
                if (output.json) {
                    System.out.println(uploaded.toJson());
                } else {
                    System.out.println(uploaded.modelId());
                }
                System.err.println("Uploaded " + uploaded.domain() + "/" + uploaded.modelId() + " to " + store.storage().describe());
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

    // ------------------------------------------------------------------ download

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a model (the latest when no id is given) and extract it; prints the directory.",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore download fraud-detector --to ./serving",
                    "  modelstore download fraud-detector 3f2c... --to /models/fraud --overwrite",
                    "  modelstore download fraud-detector --state production --to ./serving",
                    "  modelstore download fraud-detector 3f2c... ./models   (as Python: into ./models/fraud-detector/3f2c...)"})
    static final class Download implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DOMAIN")
        String domain;

        @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL_ID", description = "Default: the domain's latest model.")
        String modelId;

        @Parameters(index = "2", arity = "0..1", paramLabel = "PARENT_DIR", description = "As Python's CLI: extract "
                + "into PARENT_DIR/DOMAIN/MODEL_ID (instead of --to).")
        Path parentDir;

        @Option(names = "--to", paramLabel = "DIR", description = "Where to extract (default: ./<domain>).")
        Path to;

        @Option(names = "--overwrite", description = "Replace files of the same name in DIR (a directory in the way is "
                + "never deleted). Default: refuse when any of the model's paths is there.")
        boolean overwrite;

        @Option(names = "--state", paramLabel = "STATE", description = "Without MODEL_ID: the newest model in this state.")
        String state;

        @Override
        public Integer call() {
            if (parentDir != null && to != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give PARENT_DIR or --to, not both: "
                        + "PARENT_DIR extracts into PARENT_DIR/" + domain + "/" + modelId + ", --to into the directory given.");
            }
            ProgressBar progress = ProgressBar.onStderr();
            Path target;
            try (ModelStore store = root.open()) {
                String id = modelId(store, domain, modelId, state);
                target = (parentDir != null ? parentDir.resolve(domain).resolve(id) : to != null ? to : Path.of(domain))
                        .toAbsolutePath().normalize();
                store.download(target, domain, id,
                        DownloadOptions.defaults().withOverwrite(overwrite).withProgress(progress));
                progress.finishLine();
            }
            System.out.println(target);
            return OK;
        }
    }

    // ------------------------------------------------------------------ listings

    @Command(name = "domains", mixinStandardHelpOptions = true, description = "List the domains.", footerHeading = "%nExamples:%n",
            footer = {"  modelstore domains", "  modelstore domains --json"})
    static final class Domains implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws Exception {
            try (ModelStore store = root.open()) {
                List<String> domains = store.listDomains();
                if (output.json) {
                    printJson(domains);
                } else {
                    domains.forEach(System.out::println);
                }
            }
            return OK;
        }
    }

    @Command(name = "models", mixinStandardHelpOptions = true, description = "List a domain's models, newest first.", footerHeading = "%nExamples:%n",
            footer = {"  modelstore models fraud-detector", "  modelstore models fraud-detector --state production --json"})
    static final class Models implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "DOMAIN")
        String domain;

        @Option(names = "--state", paramLabel = "STATE", description = "Only the models in this state.")
        String state;

        @Override
        public Integer call() throws Exception {
            try (ModelStore store = root.open()) {
                List<String> ids = store.listModels(domain, state);
                if (output.json) {
                    printJson(ids);
                } else {
                    ids.forEach(System.out::println);
                }
            }
            return OK;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a model's metadata.", footerHeading = "%nExamples:%n",
            footer = {"  modelstore info fraud-detector 3f2c...", "  modelstore info fraud-detector --state production --json"})
    static final class Info implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Mixin
        JsonOption output;

        @Parameters(index = "0", paramLabel = "DOMAIN")
        String domain;

        @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL_ID", description = "Default: the domain's latest model.")
        String modelId;

        @Option(names = "--state", paramLabel = "STATE", description = "Without MODEL_ID: the newest model in this state.")
        String state;

        @Override
        public Integer call() throws Exception {
            try (ModelStore store = root.open()) {
                ModelMetadata meta = modelId != null ? store.getModelInfo(domain, modelId) : store.getDomain(domain, state);
                String modelId = meta.modelId();
                if (output.json) {
                    printJson(JSON.readTree(meta.toJson())); // indented, as every --json is
                } else {
                    System.out.println("domain:   " + meta.domain());
                    System.out.println("model id: " + meta.modelId());
                    System.out.println("library:  " + meta.library() + meta.type().map(t -> " (" + t + ")").orElse(""));
                    System.out.println("created:  " + meta.created());
                    System.out.println("states:   " + String.join(", ", store.getModelStates(domain, modelId)));
                    meta.archiveSize().ifPresent(s -> System.out.println("archive:  " + ProgressBar.bytes(s)
                            + meta.archiveSha256().map(h -> ", sha256 " + h).orElse("")));
                    if (!meta.extra().isEmpty()) {
                        System.out.println("extra:    " + JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(meta.extra()));
                    }
                }
            }
            return OK;
        }
    }

    /** The model a command names: its id, else the newest in {@code state}, else (null) the domain's latest. */
    static String modelId(ModelStore store, String domain, String modelId, String state) {
        if (modelId != null && state != null) {
            throw new ConfigurationError(new IllegalArgumentException("Give a MODEL_ID or --state, not both."));
        }
        return modelId != null || state == null ? modelId : store.getDomain(domain, state).modelId();
    }

    // ------------------------------------------------------------------ delete

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a model (its metadata stays as a tombstone, as in Python).",
            footerHeading = "%nExamples:%n", footer = {"  modelstore delete fraud-detector 3f2c... --yes"})
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Parameters(index = "0", paramLabel = "DOMAIN")
        String domain;

        @Parameters(index = "1", paramLabel = "MODEL_ID")
        String modelId;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            if (!confirmed(yes, "Delete model " + modelId + " from domain " + domain + "?")) {
                return USAGE;
            }
            try (ModelStore store = root.open()) {
                store.deleteModel(domain, modelId);
            }
            System.err.println("Deleted " + domain + "/" + modelId);
            return OK;
        }
    }

    static boolean confirmed(boolean yes, String question) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            System.err.println("modelstore: not on a terminal, so nothing to confirm with: pass --yes to delete.");
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
            System.err.println("modelstore: nothing was deleted.");
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ states

    @Command(name = "states", mixinStandardHelpOptions = true, description = "Manage model states such as production.",
            subcommands = {States.ListStates.class, States.Create.class, States.Set.class, States.Remove.class,
                    States.DeleteState.class},
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore states create production", "  modelstore states set fraud-detector 3f2c... production",
                    "  modelstore states list --json"})
    static final class States implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Override
        public Integer call() {
            new CommandLine(this).usage(System.err);
            return USAGE;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the states.",
                footerHeading = "%nExamples:%n", footer = {"  modelstore states list", "  modelstore states list --json"})
        static final class ListStates implements Callable<Integer> {
            @ParentCommand
            States states;

            @Mixin
            JsonOption output;

            @Override
            public Integer call() throws Exception {
                try (ModelStore store = states.root.open()) {
                    List<String> names = store.listModelStates();
                    if (output.json) {
                        printJson(names);
                    } else {
                        names.forEach(System.out::println);
                    }
                }
                return OK;
            }
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a state (nothing happens if it exists).",
                footerHeading = "%nExamples:%n", footer = {"  modelstore states create production"})
        static final class Create implements Callable<Integer> {
            @ParentCommand
            States states;

            @Parameters(paramLabel = "STATE")
            String state;

            @Override
            public Integer call() {
                try (ModelStore store = states.root.open()) {
                    store.createModelState(state);
                }
                return OK;
            }
        }

        /** The three arguments of {@code set} and {@code remove}. */
        static final class ModelInState {
            @Parameters(index = "0", paramLabel = "DOMAIN")
            String domain;

            @Parameters(index = "1", paramLabel = "MODEL_ID")
            String modelId;

            @Parameters(index = "2", paramLabel = "STATE")
            String state;
        }

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Put a model in a state.",
                footerHeading = "%nExamples:%n", footer = {"  modelstore states set fraud-detector 3f2c... production"})
        static final class Set implements Callable<Integer> {
            @ParentCommand
            States states;

            @Mixin
            ModelInState model;

            @Override
            public Integer call() {
                try (ModelStore store = states.root.open()) {
                    store.setModelState(model.domain, model.modelId, model.state);
                }
                return OK;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take a model out of a state.",
                footerHeading = "%nExamples:%n", footer = {"  modelstore states remove fraud-detector 3f2c... production"})
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            States states;

            @Mixin
            ModelInState model;

            @Override
            public Integer call() {
                try (ModelStore store = states.root.open()) {
                    store.removeModelState(model.domain, model.modelId, model.state);
                }
                return OK;
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a state and take every model out of it.",
                footerHeading = "%nExamples:%n", footer = {"  modelstore states delete staging --yes"})
        static final class DeleteState implements Callable<Integer> {
            @ParentCommand
            States states;

            @Parameters(paramLabel = "STATE")
            String state;

            @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
            boolean yes;

            @Override
            public Integer call() {
                if (!confirmed(yes, "Delete state " + state + " and take every model out of it?")) {
                    return USAGE;
                }
                try (ModelStore store = states.root.open()) {
                    store.deleteModelState(state);
                }
                return OK;
            }
        }
    }

    // ------------------------------------------------------------------ doctor

    @Command(name = "doctor", mixinStandardHelpOptions = true, description = "Say which backends are installed, which configuration was resolved, and whether the store answers.",
            footerHeading = "%nExamples:%n", footer = {"  modelstore doctor", "  modelstore --store s3://my-models doctor --json"})
    static final class Doctor implements Callable<Integer> {
        @ParentCommand
        ModelStoreCli root;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> report = new LinkedHashMap<>();
            Map<String, String> backends = new LinkedHashMap<>();
            for (Backends.Status status : Backends.discover().status()) {
                backends.put(status.id(), status.usable() ? "installed"
                        : status.installed() ? "broken: " + status.problem() : "not installed");
            }
            report.put("backends", backends);
            int exit = OK;
            StoreConfig config = null;
            try {
                config = root.config();
                report.put("configuration", config.toString());
            } catch (ConfigurationError e) {
                report.put("configuration", "error: " + e.getMessage());
                exit = USAGE;
            }
            if (config != null) {
                long start = System.nanoTime();
                try (ModelStore store = ModelStore.open(config)) {
                    int domains = store.listDomains().size();
                    report.put("store", "answers: " + domains + " domain" + (domains == 1 ? "" : "s") + " in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms (" + store.storage().describe() + ")");
                } catch (RuntimeException e) {
                    report.put("store", "error: " + message(e));
                    exit = FAILED;
                }
            }
            if (output.json) {
                printJson(report);
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

    /** The library's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"modelstore " + ModelStore.version() + " (Python modelstore " + ModelStore.PYTHON_FORMAT_VERSION
                    + " format), Java " + System.getProperty("java.version")};
        }
    }
}

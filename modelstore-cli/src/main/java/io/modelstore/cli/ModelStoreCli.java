package io.modelstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelstore.BackendNotInstalledException;
import io.modelstore.InvalidNameException;
import io.modelstore.InvalidUploadException;
import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.TargetConflictException;
import io.modelstore.spi.ModelStoreException;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modelstore}: upload, list, download and delete models from the shell, in the same store and format as
 * the library and Python modelstore. Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a failed
 * operation, 2 a usage or configuration error.
 */
@Command(
        name = "modelstore",
        mixinStandardHelpOptions = true,
        versionProvider = ModelStoreCli.Version.class,
        description =
                "Version, store, list, download and delete machine learning models, in Python modelstore's format.",
        subcommands = {
            UploadCommand.class,
            DownloadCommand.class,
            DomainsCommand.class,
            ModelsCommand.class,
            InfoCommand.class,
            DeleteCommand.class,
            StatesCommand.class,
            DoctorCommand.class,
            CheckCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
        },
        footerHeading = "%nConfiguration:%n",
        footer = {
            "  --store URI (file:///srv/models, s3://bucket/prefix?region=r, gs://bucket?project=p, az://container),",
            "  else Python's MODEL_STORE_STORAGE and its variables, else a local store in ./model-store.",
            "%nExamples:",
            "  modelstore upload fraud-detector model.onnx --extra thresholds.json --meta owner=ml-team",
            "  modelstore models fraud-detector --json",
            "  modelstore --store \"s3://my-models?region=eu-central-1\" download fraud-detector --to ./serving"
        })
public final class ModelStoreCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Stopped by Ctrl-C (SIGINT), as a shell reports it: 128 + 2. */
    static final int INTERRUPTED = 130;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--store",
            paramLabel = "URI",
            scope = CommandLine.ScopeType.INHERIT,
            description =
                    "The store: a URI or a directory. Default: MODEL_STORE_STORAGE and its variables, else ./model-store.")
    String store;

    @Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and the SDKs' log messages.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new ModelStoreCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ModelStoreCli root =
                    commandLine.getCommandSpec().root().commandLine().getCommand();
            PrintWriter err = commandLine.getErr();
            err.println("modelstore: "
                    + (e instanceof ModelStoreException || e instanceof ConfigurationError
                            ? message(e)
                            : e.toString()));
            if (root.verbose) {
                e.printStackTrace(err);
            } else if (!(e instanceof ModelStoreException) && !(e instanceof ConfigurationError)) {
                err.println("modelstore: run again with --verbose for the stack trace.");
            }
            err.flush();
            return e instanceof ConfigurationError
                            || e instanceof InvalidNameException
                            || e instanceof InvalidUploadException
                            || e instanceof TargetConflictException
                    ? USAGE
                    : FAILED;
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
                    + (hdfs
                            ? "the jars of modelstore-hdfs, hadoop-client-api and hadoop-client-runtime"
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

    /** The model a command names: its id, else the newest in {@code state}, else (null) the domain's latest. */
    static String modelId(ModelStore store, String domain, String modelId, String state) {
        if (modelId != null && state != null) {
            throw new ConfigurationError(new IllegalArgumentException("Give a MODEL_ID or --state, not both."));
        }
        return modelId != null || state == null
                ? modelId
                : store.getDomain(domain, state).modelId();
    }

    static boolean confirmed(boolean yes, String question) {
        if (yes) {
            return true;
        }
        Console console = Terminal.console();
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

    /** The library's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "modelstore " + ModelStore.version() + " (Python modelstore " + ModelStore.PYTHON_FORMAT_VERSION
                        + " format), Java " + System.getProperty("java.version")
            };
        }
    }
}

package io.modelstore.cli;

import static io.modelstore.cli.ModelStoreCli.OK;
import static io.modelstore.cli.ModelStoreCli.USAGE;

import io.modelstore.ModelStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore states}: list, create and delete states, and put models in or out of them. */
@Command(
        name = "states",
        mixinStandardHelpOptions = true,
        description = "Manage model states such as production.",
        subcommands = {
            StatesCommand.ListStates.class,
            StatesCommand.Create.class,
            StatesCommand.Set.class,
            StatesCommand.Remove.class,
            StatesCommand.DeleteState.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelstore states create production",
            "  modelstore states set fraud-detector 3f2c... production",
            "  modelstore states list --json"
        })
final class StatesCommand implements Callable<Integer> {
    @ParentCommand
    ModelStoreCli root;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return USAGE;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the states.",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore states list", "  modelstore states list --json"})
    static final class ListStates implements Callable<Integer> {
        @ParentCommand
        StatesCommand states;

        @Mixin
        ModelStoreCli.JsonOption output;

        @Override
        public Integer call() throws Exception {
            try (ModelStore store = states.root.open()) {
                List<String> names = store.listModelStates();
                if (output.json) {
                    ModelStoreCli.printJson(names);
                } else {
                    names.forEach(System.out::println);
                }
            }
            return OK;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a state (nothing happens if it exists).",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore states create production"})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        StatesCommand states;

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

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Put a model in a state.",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore states set fraud-detector 3f2c... production"})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        StatesCommand states;

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

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Take a model out of a state.",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore states remove fraud-detector 3f2c... production"})
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        StatesCommand states;

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

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a state and take every model out of it.",
            footerHeading = "%nExamples:%n",
            footer = {"  modelstore states delete staging --yes"})
    static final class DeleteState implements Callable<Integer> {
        @ParentCommand
        StatesCommand states;

        @Parameters(paramLabel = "STATE")
        String state;

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            if (!ModelStoreCli.confirmed(yes, "Delete state " + state + " and take every model out of it?")) {
                return USAGE;
            }
            try (ModelStore store = states.root.open()) {
                store.deleteModelState(state);
            }
            return OK;
        }
    }
}

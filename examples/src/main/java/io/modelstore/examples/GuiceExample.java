package io.modelstore.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.modelstore.guice.ModelStoreModule;
import java.io.IOException;

/**
 * The same service with its {@code ModelStore} injected by Guice: from the store URI given as the first argument
 * (such as {@code file:///srv/models}), or else from Python modelstore's environment variables.
 */
public final class GuiceExample {

    private GuiceExample() {}

    public static void main(String[] args) throws IOException {
        try (ModelStoreModule store =
                        args.length > 0 ? ModelStoreModule.fromUri(args[0]) : ModelStoreModule.fromEnvironment();
                WorkDirectory work = new WorkDirectory("guice-example-")) {
            Injector injector = Guice.createInjector(store);
            injector.getInstance(FraudModelService.class).run(work.path, System.out);
        }
    }
}

package io.modelstore.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.modelstore.ModelStore;
import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Storage;
import io.modelstore.tck.InMemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test application with an injected ModelStore, configured, then with its Storage overridden. */
class ModelStoreModuleTest {

    @TempDir
    Path tmp;

    /** The application's own service: it knows only ModelStore. */
    static final class FraudModels {
        final ModelStore store;

        @Inject
        FraudModels(ModelStore store) {
            this.store = store;
        }

        String publish(Path model) {
            return store.upload("fraud", model).modelId();
        }
    }

    @Test
    void injectsOneStoreFromAUriAndClosesItWithTheModule() throws IOException {
        Path root = tmp.resolve("store");
        Files.createDirectories(root);
        Path model = Files.writeString(tmp.resolve("m.bin"), "m");
        try (ModelStoreModule module = ModelStoreModule.fromUri(root.toUri().toString())) {
            Injector injector = Guice.createInjector(module);
            FraudModels service = injector.getInstance(FraudModels.class);
            String id = service.publish(model);

            assertThat(injector.getInstance(ModelStore.class)).isSameAs(service.store);
            assertThat(ModelStore.fromFileSystem(root).listModels("fraud")).containsExactly(id);
        }
    }

    @Test
    void injectsFromProperties() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("modelstore.storage", "filesystem");
        properties.setProperty(
                "modelstore.filesystem.root", tmp.resolve("props-store").toString());
        properties.setProperty("modelstore.filesystem.create", "true");
        properties.setProperty("modelstore.root-prefix", "team");
        try (ModelStoreModule module = ModelStoreModule.fromProperties(properties)) {
            FraudModels service = Guice.createInjector(module).getInstance(FraudModels.class);
            service.publish(Files.writeString(tmp.resolve("m.bin"), "m"));
        }
        assertThat(tmp.resolve("props-store/team/operatorai-model-store/domains/fraud.json"))
                .exists();
    }

    @Test
    void anApplicationCanBindItsOwnStorage() throws IOException {
        Path elsewhere = tmp.resolve("own-storage");
        ClosingStorage own = new ClosingStorage(new FileSystemStorage(elsewhere, true));
        AbstractModule application = new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Storage.class)
                        .setBinding()
                        .toInstance(own);
            }
        };
        // The configured URI would fail (no such directory): the overridden storage is used instead.
        try (ModelStoreModule module =
                ModelStoreModule.fromUri(tmp.resolve("not-used").toUri().toString())) {
            FraudModels service = Guice.createInjector(module, application).getInstance(FraudModels.class);
            String id = service.publish(Files.writeString(tmp.resolve("m.bin"), "m"));
            assertThat(ModelStore.fromFileSystem(elsewhere).listModels("fraud")).containsExactly(id);
            assertThat(own.closed).isFalse();
        }
        assertThat(own.closed).as("closed with the module").isTrue();
        assertThat(tmp.resolve("not-used")).doesNotExist();
    }

    @Test
    void aConfigurationErrorSurfacesWhenTheStoreIsFirstInjected() {
        try (ModelStoreModule module = ModelStoreModule.of(io.modelstore.StoreConfig.fromMap(
                Map.of("modelstore.uri", tmp.resolve("missing").toString())))) {
            Injector injector = Guice.createInjector(module);
            assertThatThrownBy(() -> injector.getInstance(FraudModels.class))
                    .hasRootCauseInstanceOf(ModelStoreException.class)
                    .rootCause()
                    .hasMessageContaining(
                            "does not exist. Create it, or let the store create it (the setting create=true, or ?create=true after the store URI or path)");
        }
    }

    @Test
    void injectsAThirdPartyBackendByUriAndByProperties() throws IOException {
        // The TCK's in-memory backend implements only the two methods of StorageProvider and is in no catalog.
        try (ModelStoreModule module = ModelStoreModule.fromUri("memory://guice-third-party/ml")) {
            String id = Guice.createInjector(module)
                    .getInstance(FraudModels.class)
                    .publish(Files.writeString(tmp.resolve("m.bin"), "m"));
            assertThat(InMemoryStorage.named("guice-third-party")
                            .stat("ml/operatorai-model-store/fraud/versions/" + id + ".json"))
                    .isPresent();
        }
        Properties properties = new Properties();
        properties.setProperty("modelstore.storage", "memory");
        properties.setProperty("modelstore.memory.location", "guice-third-party");
        properties.setProperty("modelstore.root-prefix", "ml");
        try (ModelStoreModule module = ModelStoreModule.fromProperties(properties)) {
            ModelStore store = Guice.createInjector(module).getInstance(ModelStore.class);
            assertThat(store.listModels("fraud")).hasSize(1);
        }
    }

    /** A real storage that records being closed. */
    static final class ClosingStorage extends ForwardingStorage {
        volatile boolean closed;

        ClosingStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public void close() {
            closed = true;
            super.close();
        }
    }
}

package io.modelstore.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.spi.Storage;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Binds a singleton {@link ModelStore} from a URI, properties or Python's environment variables.
 *
 * <pre>{@code
 * try (ModelStoreModule store = ModelStoreModule.fromEnvironment()) {
 *     Injector injector = Guice.createInjector(store, new MyServiceModule());
 *     injector.getInstance(MyService.class).run();   // MyService has an @Inject ModelStore
 * }                                                  // closing the module closes the store
 * }</pre>
 *
 * <p>An application may bind its own {@link Storage} instead, with Guice's {@link OptionalBinder}:
 * {@code OptionalBinder.newOptionalBinder(binder(), Storage.class).setBinding().toInstance(myStorage)}; the store
 * is then opened on it, with the configured root prefix. The configuration is read when the store is first
 * injected. No Guice type appears in modelstore-api.
 */
public final class ModelStoreModule extends AbstractModule implements AutoCloseable {

    private final Supplier<StoreConfig> config;
    private final AtomicReference<ModelStore> opened = new AtomicReference<>();

    private ModelStoreModule(Supplier<StoreConfig> config) {
        this.config = config;
    }

    /**
     * The store that a URI names, such as {@code s3://bucket/prefix?region=eu-central-1} (see {@link StoreConfig#fromUri}).
     *
     * @param uri the store's URI
     * @return a module that opens that store when it is first injected
     */
    public static ModelStoreModule fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        return new ModelStoreModule(() -> StoreConfig.fromUri(uri));
    }

    /**
     * The store that properties describe ({@code modelstore.uri}, or {@code modelstore.storage} and its keys).
     *
     * @param properties the settings; copied, so later changes to them are not seen
     * @return a module that opens that store when it is first injected
     */
    public static ModelStoreModule fromProperties(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return new ModelStoreModule(() -> StoreConfig.fromProperties(copy));
    }

    /**
     * The store that {@code MODEL_STORE_STORAGE} and its backend's variables describe.
     *
     * @return a module that opens that store when it is first injected
     */
    public static ModelStoreModule fromEnvironment() {
        return new ModelStoreModule(StoreConfig::fromEnvironment);
    }

    /**
     * The store of an explicit configuration.
     *
     * @param config the store's configuration
     * @return a module that opens that store when it is first injected
     */
    public static ModelStoreModule of(StoreConfig config) {
        Objects.requireNonNull(config, "config");
        return new ModelStoreModule(() -> config);
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Storage.class);
    }

    @Provides
    @Singleton
    ModelStore modelStore(Optional<Storage> storage) {
        ModelStore store = storage.isPresent()
                ? ModelStore.fromStorage(storage.get(), rootPrefixOrNone())
                : ModelStore.open(config.get());
        ModelStore previous = opened.getAndSet(store);
        if (previous != null) {
            previous.close(); // a second injector from the same module replaces the first's store
        }
        return store;
    }

    private String rootPrefixOrNone() {
        try {
            return config.get().rootPrefix();
        } catch (RuntimeException e) {
            return ""; // an overridden storage needs no configuration
        }
    }

    /** Closes the store this module opened, if any. */
    @Override
    public void close() {
        ModelStore store = opened.getAndSet(null);
        if (store != null) {
            store.close();
        }
    }
}

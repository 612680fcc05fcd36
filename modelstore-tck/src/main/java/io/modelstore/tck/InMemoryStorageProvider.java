package io.modelstore.tck;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import java.util.Map;

/**
 * The {@code memory} backend: {@link InMemoryStorage#named(String) the in-memory storage} named by the setting
 * {@code location}, so {@code memory://team-a} opens the same blobs everywhere in this JVM.
 *
 * <p>It implements only the two methods a third-party backend must, and is not in modelstore's catalog of
 * first-party backends: the tests reach it by URI, environment, properties, Guice and the command line exactly as a
 * user reaches their own backend.
 */
public final class InMemoryStorageProvider implements StorageProvider {

    /** Created by {@link java.util.ServiceLoader}. */
    public InMemoryStorageProvider() {}

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public Storage create(Map<String, String> settings) {
        return InMemoryStorage.named(settings.getOrDefault("location", "default"));
    }
}

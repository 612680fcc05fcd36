package io.modelstore.tck;

import io.modelstore.ModelStore;
import io.modelstore.spi.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store-level contracts share: a fresh storage from the backend's test, and a store on it, closed after
 * each test. A backend's test returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class StoreContract {

    /** For the subclasses. */
    protected StoreContract() {}

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    @TempDir
    protected Path tmp;

    protected Storage storage;
    protected ModelStore store;

    @BeforeEach
    void openStore() throws Exception {
        storage = createStorage();
        store = ModelStore.fromStorage(storage);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}

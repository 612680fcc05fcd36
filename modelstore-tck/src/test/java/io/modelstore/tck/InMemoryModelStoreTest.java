package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The store contract on the in-memory storage: the store's logic without a server. */
class InMemoryModelStoreTest extends ModelStoreContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** A damaged store, in memory. */
class InMemoryDamagedStoreTest extends DamagedStoreContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

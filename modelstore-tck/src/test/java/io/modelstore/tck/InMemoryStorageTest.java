package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The blob contract on the in-memory storage. */
class InMemoryStorageTest extends StorageContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** What the store refuses (SafetyContract) on the in-memory storage: the store's logic without a server. */
class InMemorySafetyTest extends SafetyContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The concurrency contract on the in-memory storage. */
class InMemoryConcurrencyTest extends ConcurrencyContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

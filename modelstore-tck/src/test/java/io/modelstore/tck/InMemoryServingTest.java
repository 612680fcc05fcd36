package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** Serving, in memory. */
class InMemoryServingTest extends ServingContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

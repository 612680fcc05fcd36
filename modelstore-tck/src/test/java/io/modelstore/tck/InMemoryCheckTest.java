package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The store check, in memory. */
class InMemoryCheckTest extends CheckContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

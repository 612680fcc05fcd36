package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The latest pointer's contract on the in-memory storage. */
class InMemoryLatestPointerTest extends LatestPointerContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

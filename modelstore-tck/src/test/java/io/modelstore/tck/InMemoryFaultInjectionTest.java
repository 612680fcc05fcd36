package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** Every fault of every storage call of upload, delete, state change and download, on the in-memory storage. */
class InMemoryFaultInjectionTest extends FaultInjectionContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

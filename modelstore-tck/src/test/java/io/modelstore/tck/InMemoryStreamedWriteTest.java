package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The streamed-write contract on the in-memory storage. */
class InMemoryStreamedWriteTest extends StreamedWriteContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

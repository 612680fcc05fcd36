package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The local model cache, on the in-memory storage. */
class InMemoryCacheTest extends CacheContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

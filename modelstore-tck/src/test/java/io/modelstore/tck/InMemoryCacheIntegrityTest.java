package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The local model cache hands out only the model's bytes, on the in-memory storage. */
class InMemoryCacheIntegrityTest extends CacheIntegrityContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

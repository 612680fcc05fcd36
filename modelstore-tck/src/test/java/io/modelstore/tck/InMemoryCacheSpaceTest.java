package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The local model cache on a small disk, on the in-memory storage. */
class InMemoryCacheSpaceTest extends CacheSpaceContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }
}

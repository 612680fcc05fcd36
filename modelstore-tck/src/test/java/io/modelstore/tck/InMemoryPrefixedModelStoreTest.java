package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** The store contract on the in-memory storage, below a root prefix. */
class InMemoryPrefixedModelStoreTest extends ModelStoreContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }

    @Override
    protected String rootPrefix() {
        return "teams/fraud";
    }
}

package io.modelstore.tck;

import io.modelstore.spi.Storage;

/** What the store refuses (SafetyContract) on the in-memory storage, below a root prefix. */
class InMemoryPrefixedSafetyTest extends SafetyContract {
    @Override
    protected Storage createStorage() {
        return new InMemoryStorage();
    }

    @Override
    protected String rootPrefix() {
        return "teams/fraud";
    }
}

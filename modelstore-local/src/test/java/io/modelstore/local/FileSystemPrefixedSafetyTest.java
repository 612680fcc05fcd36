package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.SafetyContract;

/** What the store refuses (SafetyContract) on the local file system, below a root prefix. */
class FileSystemPrefixedSafetyTest extends SafetyContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }

    @Override
    protected String rootPrefix() {
        return "teams/fraud";
    }
}

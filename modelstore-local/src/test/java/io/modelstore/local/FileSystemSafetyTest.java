package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.SafetyContract;

/** What the store refuses (SafetyContract) on the local file system. */
class FileSystemSafetyTest extends SafetyContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.DamagedStoreContract;

/** A damaged store, on the file system. */
class FileSystemDamagedStoreTest extends DamagedStoreContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

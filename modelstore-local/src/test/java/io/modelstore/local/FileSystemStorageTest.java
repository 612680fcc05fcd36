package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StorageContract;

/** The blob contract on the local file system. */
class FileSystemStorageTest extends StorageContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

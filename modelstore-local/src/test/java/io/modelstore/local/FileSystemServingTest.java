package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ServingContract;

/** Serving, from the file system. */
class FileSystemServingTest extends ServingContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ModelStoreContract;

/** The store contract on the local file system. */
class FileSystemModelStoreTest extends ModelStoreContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

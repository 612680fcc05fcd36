package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ModelStoreContract;

/** The store contract on the local file system, below a root prefix. */
class FileSystemPrefixedModelStoreTest extends ModelStoreContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }

    @Override
    protected String rootPrefix() {
        return "teams/fraud";
    }
}

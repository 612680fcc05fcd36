package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheIntegrityContract;

/** The local model cache hands out only the model's bytes, in front of the file system. */
class FileSystemCacheIntegrityTest extends CacheIntegrityContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

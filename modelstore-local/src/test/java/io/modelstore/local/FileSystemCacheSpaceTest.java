package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheSpaceContract;

/** The local model cache on a small disk, in front of the file system. */
class FileSystemCacheSpaceTest extends CacheSpaceContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

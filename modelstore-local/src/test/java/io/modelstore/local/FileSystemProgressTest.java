package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ProgressContract;

/** Progress on the file system, each write taken as it comes. */
class FileSystemProgressTest extends ProgressContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

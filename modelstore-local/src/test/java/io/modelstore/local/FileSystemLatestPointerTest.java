package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.LatestPointerContract;

/** The latest pointer's contract on the local file system, below a root prefix. */
class FileSystemLatestPointerTest extends LatestPointerContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }

    @Override
    protected String rootPrefix() {
        return "team/models";
    }
}

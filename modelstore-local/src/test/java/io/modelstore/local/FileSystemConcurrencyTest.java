package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ConcurrencyContract;

/** The concurrency contract on the local file system, below a root prefix; other processes: {@link ProcessesTest}. */
class FileSystemConcurrencyTest extends ConcurrencyContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }

    @Override
    protected String rootPrefix() {
        return "team/models";
    }
}

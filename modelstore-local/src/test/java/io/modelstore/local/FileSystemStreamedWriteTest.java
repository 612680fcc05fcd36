package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StreamedWriteContract;

/** The streamed-write contract on the local file system. */
class FileSystemStreamedWriteTest extends StreamedWriteContract {
    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

package io.modelstore.local;

import io.modelstore.spi.Storage;
import io.modelstore.tck.FaultInjectionContract;
import java.nio.file.Files;

/** Every fault of every storage call of upload, delete, state change and download, on the file system. */
class FileSystemFaultInjectionTest extends FaultInjectionContract {
    @Override
    protected Storage createStorage() throws Exception {
        return new FileSystemStorage(Files.createTempDirectory(tmp, "store"), true);
    }
}

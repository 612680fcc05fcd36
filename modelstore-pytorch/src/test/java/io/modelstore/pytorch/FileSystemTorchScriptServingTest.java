package io.modelstore.pytorch;

import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Python's TorchScript models served from the local file system. */
class FileSystemTorchScriptServingTest extends TorchScriptServingContract {

    @TempDir
    Path root;

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(root.resolve("store"), true);
    }
}

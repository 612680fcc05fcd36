package io.modelstore.lightgbm;

import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** LightGBM models followed and served from the cache, on the local file system. */
class FileSystemLightGbmServingTest extends LightGbmServingContract {

    @TempDir
    Path storeDir;

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(storeDir.resolve("store"), true);
    }
}

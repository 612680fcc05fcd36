package io.modelstore.onnx;

import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The guarded swap of ONNX models, on the local file system. */
class FileSystemOnnxFollowTest extends OnnxFollowContract {

    @TempDir
    Path tmp;

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

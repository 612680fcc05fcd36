package io.modelstore.onnx;

import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The guarded swap of ONNX models, on the local file system. */
class FileSystemOnnxFollowTest extends OnnxFollowContract {

    @TempDir
    Path tmp;

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

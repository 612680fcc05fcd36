package io.modelstore.tensorflow;

import io.modelstore.local.FileSystemStorage;
import io.modelstore.spi.Storage;

/** TensorFlow models through follow() and the cache, on the local file system. */
class FileSystemTensorFlowFollowTest extends TensorFlowFollowContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }
}

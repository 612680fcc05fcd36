package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StreamedWriteContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

/** The streamed-write contract through {@code viewfs://}, mounted as {@link ViewFsStorageTest} mounts it. */
class ViewFsStreamedWriteTest extends StreamedWriteContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        String cluster = "models-" + UUID.randomUUID().toString().substring(0, 8);
        return new HdfsStorageProvider().create(Map.of("filesystem", "viewfs://" + cluster, "root", "/models",
                "conf", "fs.viewfs.mounttable." + cluster + ".link./models=" + hdfs.uri() + hdfs.newRoot()));
    }
}

package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StorageContract;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The StorageContract through {@code viewfs://}: a client-side mount table whose {@code /models} is a directory of the
 * MiniDFSCluster, as federated clusters are reached. Configured only by the store's settings.
 */
class ViewFsStorageTest extends StorageContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        String cluster = "models-" + UUID.randomUUID().toString().substring(0, 8);
        return new HdfsStorageProvider()
                .create(Map.of(
                        "filesystem",
                        "viewfs://" + cluster,
                        "root",
                        "/models",
                        "conf",
                        "fs.viewfs.mounttable." + cluster + ".link./models=" + hdfs.uri() + hdfs.newRoot()));
    }
}

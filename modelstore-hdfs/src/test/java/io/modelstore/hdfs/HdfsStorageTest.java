package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The StorageContract through Hadoop's client against a MiniDFSCluster. */
class HdfsStorageTest extends StorageContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

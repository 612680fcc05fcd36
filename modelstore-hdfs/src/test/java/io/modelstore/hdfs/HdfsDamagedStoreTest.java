package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.DamagedStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A damaged store read from a MiniDFSCluster. */
class HdfsDamagedStoreTest extends DamagedStoreContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

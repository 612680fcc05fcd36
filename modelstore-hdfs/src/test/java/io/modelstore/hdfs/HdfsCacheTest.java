package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CacheContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local cache of models read from a MiniDFSCluster. */
class HdfsCacheTest extends CacheContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

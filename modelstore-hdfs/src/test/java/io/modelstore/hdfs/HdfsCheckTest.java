package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.CheckContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store check (leftovers of unfinished writes) against a MiniDFSCluster. */
class HdfsCheckTest extends CheckContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

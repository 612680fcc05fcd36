package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ServingContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Serving from a MiniDFSCluster. */
class HdfsServingTest extends ServingContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.LatestPointerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The latest pointer's contract through Hadoop's client against a MiniDFSCluster. */
class HdfsLatestPointerTest extends LatestPointerContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ProgressContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Progress against a MiniDFSCluster, each write taken as the stream takes it. */
class HdfsProgressTest extends ProgressContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

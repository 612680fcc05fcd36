package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.SafetyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SafetyContract through Hadoop's client against a MiniDFSCluster. */
class HdfsSafetyTest extends SafetyContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

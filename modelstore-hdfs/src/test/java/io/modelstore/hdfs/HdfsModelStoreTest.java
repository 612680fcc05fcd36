package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ModelStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ModelStoreContract through Hadoop's client against a MiniDFSCluster. */
class HdfsModelStoreTest extends ModelStoreContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

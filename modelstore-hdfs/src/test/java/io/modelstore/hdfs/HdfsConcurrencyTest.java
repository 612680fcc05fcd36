package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.ConcurrencyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The concurrency contract through Hadoop's client against a MiniDFSCluster. */
class HdfsConcurrencyTest extends ConcurrencyContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

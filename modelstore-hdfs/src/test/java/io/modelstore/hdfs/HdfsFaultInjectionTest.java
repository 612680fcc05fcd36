package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.FaultInjectionContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The faults suite (lost responses, failed writes, crashes between steps) over a MiniDFSCluster. */
class HdfsFaultInjectionTest extends FaultInjectionContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

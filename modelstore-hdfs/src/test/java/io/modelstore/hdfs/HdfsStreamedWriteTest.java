package io.modelstore.hdfs;

import io.modelstore.spi.Storage;
import io.modelstore.tck.StreamedWriteContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streamed-write contract through Hadoop's client against a MiniDFSCluster. */
class HdfsStreamedWriteTest extends StreamedWriteContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected Storage createStorage() {
        return hdfs.storage();
    }
}

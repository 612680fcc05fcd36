package io.modelstore.hdfs;

import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.PythonFixtureContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Python-written store copied into HDFS reads exactly as it does from disk. */
class HdfsPythonFixtureTest extends PythonFixtureContract {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected ModelStore openFixtureStore() {
        HdfsStorage storage = hdfs.storage();
        PythonFixture.copyInto(storage, "");
        return ModelStore.fromStorage(storage);
    }
}

package io.modelstore.gcp;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.PythonFixtureContract;

/** The Python-written store copied into Google's in-memory fake reads exactly as it does from disk. */
class GcsPythonFixtureTest extends PythonFixtureContract {

    @Override
    protected ModelStore openFixtureStore() {
        GcsStorage storage = GcsStorage.of(LocalStorageHelper.getOptions().getService(), "fixture-bucket");
        PythonFixture.copyInto(storage, "");
        return ModelStore.fromStorage(storage);
    }
}

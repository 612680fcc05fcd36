package io.modelstore.local;

import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import io.modelstore.tck.PythonFixtureContract;

/** The Python-written store, read in place through the catalog, as a user would open it. */
class PythonFixtureInPlaceTest extends PythonFixtureContract {
    @Override
    protected ModelStore openFixtureStore() {
        return ModelStore.fromFileSystem(PythonFixture.storeRoot());
    }
}

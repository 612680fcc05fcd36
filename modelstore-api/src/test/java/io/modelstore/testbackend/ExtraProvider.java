package io.modelstore.testbackend;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import java.util.Map;

/** A usable provider whose id is in no catalog (a third-party backend). */
public final class ExtraProvider implements StorageProvider {

    @Override
    public String id() {
        return "test-extra";
    }

    @Override
    public Storage create(Map<String, String> settings) {
        throw new UnsupportedOperationException("test provider");
    }
}

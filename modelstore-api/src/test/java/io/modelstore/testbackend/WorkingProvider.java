package io.modelstore.testbackend;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import java.util.Map;

/** A provider that needs no SDK: always usable. */
public final class WorkingProvider implements StorageProvider {

    @Override
    public String id() {
        return "test-ok";
    }

    @Override
    public Storage create(Map<String, String> settings) {
        throw new UnsupportedOperationException("test provider");
    }
}

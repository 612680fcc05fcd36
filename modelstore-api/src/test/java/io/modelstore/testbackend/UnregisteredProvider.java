package io.modelstore.testbackend;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import java.util.Map;

/** On the classpath but listed in no META-INF/services file (as after a careless shading). */
public final class UnregisteredProvider implements StorageProvider {

    @Override
    public String id() {
        return "test-plain";
    }

    @Override
    public Storage create(Map<String, String> settings) {
        throw new UnsupportedOperationException("test provider");
    }
}

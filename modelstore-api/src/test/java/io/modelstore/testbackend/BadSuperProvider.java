package io.modelstore.testbackend;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import java.util.Map;

/**
 * Breaks the SPI's rule that a provider class loads without its SDK: its superclass is an SDK class, so
 * loading the provider class itself fails when the SDK is absent.
 */
public final class BadSuperProvider extends FakeSdkBase implements StorageProvider {

    @Override
    public String id() {
        return "test-badsuper";
    }

    @Override
    public Storage create(Map<String, String> settings) {
        throw new UnsupportedOperationException("test provider");
    }
}

package io.modelstore.testbackend;

import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;
import java.util.Map;

/** A well-behaved provider whose SDK (FakeSdkClient) is touched only in checkAvailable(). */
public final class SdkUsingProvider implements StorageProvider {

    @Override
    public String id() {
        return "test-sdk";
    }

    @Override
    public void checkAvailable() {
        // A static call, so the JVM must load FakeSdkClient here (a class literal's name would not be enough).
        FakeSdkClient.ping();
    }

    @Override
    public Storage create(Map<String, String> settings) {
        throw new UnsupportedOperationException("test provider");
    }
}

package io.modelstore.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelstore.spi.Storage;
import io.modelstore.tck.InMemoryStorage;
import io.modelstore.tck.StreamedWriteContract;

/** The streamed-write contract through the decorator, which changes nothing a store sees. */
class MeteredStreamedWriteTest extends StreamedWriteContract {

    @Override
    protected Storage createStorage() {
        return new MeteredStorage(new InMemoryStorage(), new SimpleMeterRegistry());
    }
}

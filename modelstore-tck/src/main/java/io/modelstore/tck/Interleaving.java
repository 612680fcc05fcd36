package io.modelstore.tck;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A storage that, before the first write or delete of a key {@code pausePoint} accepts, runs {@code meanwhile}: one
 * writer paused at a chosen request while another runs, so that a race goes the same way every time.
 */
final class Interleaving extends ForwardingStorage {
    private final Predicate<String> pausePoint;
    private final Runnable meanwhile;
    private final AtomicBoolean ran = new AtomicBoolean();

    Interleaving(Storage delegate, Predicate<String> pausePoint, Runnable meanwhile) {
        super(delegate);
        this.pausePoint = pausePoint;
        this.meanwhile = meanwhile;
    }

    private void before(String key) {
        if (pausePoint.test(key) && !ran.getAndSet(true)) {
            meanwhile.run();
        }
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        before(key);
        return super.write(key, content, condition);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        before(key);
        return super.write(key, source, condition);
    }

    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        before(key);
        return super.openWrite(key, condition);
    }

    @Override
    public boolean delete(String key) {
        before(key);
        return super.delete(key);
    }

    @Override
    public void close() {
        // the test's own storage is closed with the test's store
    }
}

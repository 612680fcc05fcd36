package io.modelstore.tck;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Passes every call to a real storage and counts them, to check how many requests an operation makes. */
public final class CountingStorage implements Storage {

    private final Storage delegate;
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger stats = new AtomicInteger();
    public final AtomicInteger lists = new AtomicInteger();
    public final AtomicInteger listed = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();

    public CountingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** Sets every counter back to zero. */
    public void reset() {
        for (AtomicInteger counter : new AtomicInteger[] {reads, stats, lists, listed, writes, deletes}) {
            counter.set(0);
        }
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Map<String, Object> location(String key) {
        return delegate.location(key);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        stats.incrementAndGet();
        return delegate.stat(key);
    }

    @Override
    public InputStream read(String key) {
        reads.incrementAndGet();
        return delegate.read(key);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        writes.incrementAndGet();
        return delegate.write(key, source, condition);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        writes.incrementAndGet();
        return delegate.write(key, content, condition);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        lists.incrementAndGet();
        return delegate.list(prefix).peek(b -> listed.incrementAndGet());
    }

    @Override
    public boolean delete(String key) {
        deletes.incrementAndGet();
        return delegate.delete(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package io.modelstore.spi;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link Storage} that passes every call to another one: extend it and override what you want to observe or
 * change (counting requests, metrics, tracing), leaving the rest as it is.
 */
public abstract class ForwardingStorage implements Storage {

    private final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The storage calls are passed to. */
    protected Storage delegate() {
        return delegate;
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
        return delegate.stat(key);
    }

    @Override
    public InputStream read(String key) {
        return delegate.read(key);
    }

    @Override
    public InputStream read(String key, long offset) {
        return delegate.read(key, offset);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        return delegate.write(key, source, condition);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        return delegate.write(key, content, condition);
    }

    /** Passed on, so the delegate still streams: a decorator that watches writes overrides this as well. */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return delegate.openWrite(key, condition);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public List<String> leftovers(String prefix, Instant before) {
        return delegate.leftovers(prefix, before);
    }

    @Override
    public void removeLeftovers(String prefix, Instant before) {
        delegate.removeLeftovers(prefix, before);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate.describe() + "]";
    }
}

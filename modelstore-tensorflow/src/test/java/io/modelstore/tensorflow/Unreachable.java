package io.modelstore.tensorflow;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** A storage that can be taken down: then every call fails as an unreachable one does. Leaves the delegate open. */
final class Unreachable extends ForwardingStorage {

    volatile boolean down;

    Unreachable(Storage delegate) {
        super(delegate);
    }

    private void check(String key) {
        if (down) {
            throw new StorageException(StorageException.Reason.UNREACHABLE, "Test: cannot reach the storage for " + key);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        check(key);
        return super.stat(key);
    }

    @Override
    public InputStream read(String key) {
        check(key);
        return super.read(key);
    }

    @Override
    public InputStream read(String key, long offset) {
        check(key);
        return super.read(key, offset);
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        check(key);
        return super.write(key, source, condition);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        check(key);
        return super.write(key, content, condition);
    }

    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        check(key);
        return super.openWrite(key, condition);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        check(prefix);
        return super.list(prefix);
    }

    @Override
    public boolean delete(String key) {
        check(key);
        return super.delete(key);
    }

    @Override
    public void close() {
        // the test's own store closes the storage
    }
}

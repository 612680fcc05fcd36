package io.modelstore.tck;

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

/**
 * A storage a test can take down: while {@link #down}, every call fails with {@code UNREACHABLE}, as a dead network
 * does. Closing it leaves the delegate open: the test closes that once, after every store on it.
 */
public class UnreachableStorage extends ForwardingStorage {

    /** Whether every call fails as an unreachable endpoint does. */
    public volatile boolean down;

    public UnreachableStorage(Storage delegate) {
        super(delegate);
    }

    /** The storage behind it, to close or describe. */
    @Override
    public Storage delegate() {
        return super.delegate();
    }

    /** Throws when {@link #down}. */
    protected void check(String key) {
        if (down) {
            throw new StorageException(
                    StorageException.Reason.UNREACHABLE, "Test: cannot reach the storage for " + key);
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
        // the test closes the delegate once, after every store on it
    }
}

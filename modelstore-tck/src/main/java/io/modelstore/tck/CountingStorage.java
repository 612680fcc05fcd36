package io.modelstore.tck;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.ForwardingBlobOutput;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Passes every call to a real storage and counts them, to check how many requests an operation makes, and the bytes
 * read from the streams it returns.
 */
public final class CountingStorage extends ForwardingStorage {

    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger stats = new AtomicInteger();
    public final AtomicInteger lists = new AtomicInteger();
    public final AtomicInteger listed = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();
    public final AtomicLong bytesRead = new AtomicLong();
    private final Map<String, AtomicInteger> readsByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writesByKey = new ConcurrentHashMap<>();

    public CountingStorage(Storage delegate) {
        super(delegate);
    }

    /** Sets every counter back to zero. */
    public void reset() {
        for (AtomicInteger counter : new AtomicInteger[] {reads, stats, lists, listed, writes, deletes}) {
            counter.set(0);
        }
        bytesRead.set(0);
        readsByKey.clear();
        writesByKey.clear();
    }

    /** How many reads were of keys that {@code key} accepts, such as {@code k -> k.endsWith(".tar.gz")}. */
    public int readsOf(Predicate<String> key) {
        return readsByKey.entrySet().stream()
                .filter(e -> key.test(e.getKey()))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    /** How many writes (streamed ones when committed) were of keys that {@code key} accepts. */
    public int writesOf(Predicate<String> key) {
        return writesByKey.entrySet().stream()
                .filter(e -> key.test(e.getKey()))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    private void wrote(String key) {
        writes.incrementAndGet();
        writesByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        stats.incrementAndGet();
        return super.stat(key);
    }

    @Override
    public InputStream read(String key) {
        reads.incrementAndGet();
        readsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return new FilterInputStream(super.read(key)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                bytesRead.addAndGet(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                bytesRead.addAndGet(Math.max(n, 0));
                return n;
            }
        };
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        wrote(key);
        return super.write(key, source, condition);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        wrote(key);
        return super.write(key, content, condition);
    }

    /** A streamed write counts as one write, when it is committed. */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new ForwardingBlobOutput(super.openWrite(key, condition)) {
            @Override
            public boolean commit() {
                wrote(key);
                return super.commit();
            }
        };
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        lists.incrementAndGet();
        return super.list(prefix).peek(b -> listed.incrementAndGet());
    }

    @Override
    public boolean delete(String key) {
        deletes.incrementAndGet();
        return super.delete(key);
    }
}

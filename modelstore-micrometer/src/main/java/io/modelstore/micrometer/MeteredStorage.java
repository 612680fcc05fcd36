package io.modelstore.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A storage that records its requests in Micrometer meters, for any {@link Storage}:
 * {@code ModelStore.fromStorage(new MeteredStorage(storage, registry))}, or {@code ModelStore.open(config,
 * s -> new MeteredStorage(s, registry))}. The Spring Boot starter applies it when the application has a
 * {@link MeterRegistry}.
 *
 * <ul>
 * <li>{@code modelstore.storage.requests} (timer), tags {@code operation} (stat, read, write, list, delete) and
 *     {@code outcome}: {@code success}, {@code failure} (an exception), or {@code condition-failed} (a conditional
 *     write refused because another writer came first);</li>
 * <li>{@code modelstore.storage.bytes} (counter, bytes), tag {@code direction}: {@code up} for bytes written,
 *     {@code down} for bytes read.</li>
 * </ul>
 * A read's time is that of opening the stream, and a listing's that of its first page: both are lazy.
 */
public final class MeteredStorage extends ForwardingStorage {

    /** The name of the timer of requests. */
    public static final String REQUESTS = "modelstore.storage.requests";
    /** The name of the counter of bytes. */
    public static final String BYTES = "modelstore.storage.bytes";

    private final MeterRegistry registry;
    private final Counter bytesUp;
    private final Counter bytesDown;

    /**
     * Meters the requests of {@code delegate}.
     *
     * @param delegate the storage that does the work
     * @param registry where the meters are registered
     */
    public MeteredStorage(Storage delegate, MeterRegistry registry) {
        super(delegate);
        this.registry = registry;
        this.bytesUp =
                Counter.builder(BYTES).tag("direction", "up").baseUnit("bytes").register(registry);
        this.bytesDown = Counter.builder(BYTES)
                .tag("direction", "down")
                .baseUnit("bytes")
                .register(registry);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return timed("stat", () -> super.stat(key));
    }

    @Override
    public InputStream read(String key) {
        return timed("read", () -> new CountingInput(super.read(key)));
    }

    @Override
    public InputStream read(String key, long offset) {
        return timed("read", () -> new CountingInput(super.read(key, offset)));
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written(timedWrite(() -> super.write(key, source, condition)), size);
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        return written(timedWrite(() -> super.write(key, content, condition)), content.length);
    }

    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new CountingOutput(super.openWrite(key, condition));
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        return timed("list", () -> super.list(prefix));
    }

    @Override
    public boolean delete(String key) {
        return timed("delete", () -> super.delete(key));
    }

    private boolean written(boolean done, long bytes) {
        if (done) {
            bytesUp.increment((double) bytes); // exact below 2^53 bytes
        }
        return done;
    }

    private boolean timedWrite(Supplier<Boolean> write) {
        long start = System.nanoTime();
        String outcome = "failure";
        try {
            boolean done = write.get();
            outcome = done ? "success" : "condition-failed";
            return done;
        } finally {
            record("write", outcome, start);
        }
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "failure";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } finally {
            record(operation, outcome, start);
        }
    }

    private void record(String operation, String outcome, long start) {
        Timer.builder(REQUESTS)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /** Counts the bytes read from a blob. */
    private final class CountingInput extends FilterInputStream {
        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesDown.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytesDown.increment(n);
            }
            return n;
        }
    }

    /** Counts the bytes of a streamed write, and times its commit as the write. */
    private final class CountingOutput extends BlobOutput {
        private final BlobOutput out;
        private long bytes;

        CountingOutput(BlobOutput out) {
            this.out = out;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public boolean commit() {
            return written(timedWrite(out::commit), bytes);
        }

        @Override
        public void close() {
            out.close();
        }
    }
}

package io.modelstore.tck;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A storage that injects one fault into a real one: the {@code n}-th call of one kind fails before it acts, fails
 * after it acted (the effect happened, the caller sees an error, as when a response is lost), is repeated (a
 * lost response that the client retried: the caller sees the second call's answer), or, for a read, is cut short
 * half-way as by a reset connection; or the storage goes down at that call and fails every call after it. Every
 * other call passes.
 * With no fault it only counts calls, to learn how many calls of each kind an operation makes.
 */
public final class FaultyStorage extends ForwardingStorage {

    /** The kinds of call. */
    public enum Call {
        STAT,
        READ,
        WRITE,
        LIST,
        DELETE
    }

    /** What happens to the chosen call. */
    public enum Fault {
        /** It throws before it reaches the storage. */
        FAIL_BEFORE,
        /** It reaches the storage, then throws: the effect happened but the caller does not know. */
        FAIL_AFTER,
        /** It is made twice, as a client retrying after a lost response does; the caller gets the second answer. */
        REPEAT,
        /** For a read only: the stream delivers half the blob, then fails as a reset connection does. */
        CUT_SHORT,
        /** It throws before it reaches the storage, and so does every call after it: the storage went down. */
        OUTAGE
    }

    private final Call call;
    private final int nth;
    private final Fault fault;
    private final Map<Call, AtomicInteger> counts = new EnumMap<>(Call.class);
    private volatile boolean injected;
    private volatile boolean down;
    private volatile String injectedKey;

    private FaultyStorage(Storage delegate, Call call, int nth, Fault fault) {
        super(delegate);
        this.call = call;
        this.nth = nth;
        this.fault = fault;
        for (Call c : Call.values()) {
            counts.put(c, new AtomicInteger());
        }
    }

    /** Passes every call and counts them. */
    public static FaultyStorage counting(Storage delegate) {
        return new FaultyStorage(delegate, null, 0, null);
    }

    /** Injects {@code fault} into the {@code nth} (from 1) call of kind {@code call}. */
    public static FaultyStorage injecting(Storage delegate, Call call, int nth, Fault fault) {
        return new FaultyStorage(delegate, call, nth, fault);
    }

    /** How many calls of this kind were made. */
    public int count(Call kind) {
        return counts.get(kind).get();
    }

    /** Whether the fault was injected (the operation made at least {@code nth} calls of the kind). */
    public boolean injected() {
        return injected;
    }

    @SuppressWarnings("unchecked")
    private <T> T call(Call kind, String key, Supplier<T> action) {
        int n = counts.get(kind).incrementAndGet();
        if (down) {
            throw injectedFault(kind, key, "during an outage");
        }
        if (kind != call || n != nth) {
            return action.get();
        }
        injected = true;
        injectedKey = key;
        switch (fault) {
            case FAIL_BEFORE -> throw injectedFault(kind, key, "before it acted");
            case OUTAGE -> {
                down = true;
                throw injectedFault(kind, key, "before it acted");
            }
            case FAIL_AFTER -> {
                if (action.get() instanceof InputStream in) {
                    closeQuietly(in);
                }
                throw injectedFault(kind, key, "after it acted");
            }
            case CUT_SHORT -> {
                T stream = action.get();
                long size = super.stat(key).map(BlobInfo::size).orElse(2L);
                return kind == Call.READ ? (T) cutShort((InputStream) stream, Math.max(1, size / 2)) : stream;
            }
            default -> {
                T first = action.get();
                if (first instanceof InputStream in) {
                    closeQuietly(in);
                }
                return action.get();
            }
        }
    }

    /** The key of the call the fault was injected into, or null. */
    public String injectedKey() {
        return injectedKey;
    }

    /** A stream that delivers {@code limit} bytes and then fails, as a connection that is reset does. */
    public static InputStream cutShort(InputStream in, long limit) {
        return new java.io.FilterInputStream(in) {
            private long left = limit;

            @Override
            public int read() throws java.io.IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (left <= 0) {
                    throw new java.net.SocketException("Connection reset (injected)");
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private static StorageException injectedFault(Call kind, String key, String when) {
        return new StorageException(
                Reason.TRANSIENT, "Injected fault: " + kind + " of " + key + " failed " + when + ".");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (Exception ignored) {
            // the first answer is thrown away
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return call(Call.STAT, key, () -> super.stat(key));
    }

    @Override
    public InputStream read(String key) {
        return call(Call.READ, key, () -> super.read(key));
    }

    @Override
    public InputStream read(String key, long offset) {
        return call(Call.READ, key, () -> super.read(key, offset));
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        return call(Call.WRITE, key, () -> super.write(key, source, condition));
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        return call(Call.WRITE, key, () -> super.write(key, content, condition));
    }

    /**
     * A streamed write is collected in memory and committed as one {@link #write(String, byte[], WriteCondition)}, so
     * that its commit is a WRITE call like any other and takes the same faults (the tests' models are small).
     */
    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new BlobOutput() {
            private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public boolean commit() {
                return FaultyStorage.this.write(key, bytes.toByteArray(), condition);
            }

            @Override
            public void close() {
                bytes.reset();
            }
        };
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        // Materialized, so that a listing fails as a whole when it is the chosen call.
        return call(Call.LIST, prefix, () -> {
                    try (Stream<BlobInfo> listed = super.list(prefix)) {
                        return listed.toList();
                    }
                })
                .stream();
    }

    @Override
    public boolean delete(String key) {
        return call(Call.DELETE, key, () -> super.delete(key));
    }
}

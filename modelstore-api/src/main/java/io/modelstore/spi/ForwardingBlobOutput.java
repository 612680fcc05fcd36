package io.modelstore.spi;

import java.util.Objects;

/**
 * A {@link BlobOutput} that passes every call to another one: what a {@link ForwardingStorage} that observes writes
 * returns from {@link Storage#openWrite}, overriding {@link #commit()} or {@link #write(byte[], int, int)}.
 */
public class ForwardingBlobOutput extends BlobOutput {

    private final BlobOutput delegate;

    public ForwardingBlobOutput(BlobOutput delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void write(byte[] b, int off, int len) {
        delegate.write(b, off, len);
    }

    @Override
    public boolean commit() {
        return delegate.commit();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void onSent(java.util.function.LongConsumer listener) {
        delegate.onSent(listener);
    }
}

package io.modelstore.spi;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** What every backend needs the same way: lazy listings whose errors are translated, and telling network failures apart. */
public final class StorageSupport {

    private StorageSupport() {}

    /**
     * A lazy stream over an SDK's paging iterator: pages are fetched as the stream is consumed, each item becomes a
     * {@link BlobInfo}, and an SDK exception on any page goes through {@code translate}.
     */
    public static <T> Stream<BlobInfo> lazyListing(
            Iterator<T> items, Function<T, BlobInfo> toInfo, Function<RuntimeException, RuntimeException> translate) {
        Iterator<BlobInfo> translated = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return items.hasNext();
                } catch (RuntimeException e) {
                    throw translate.apply(e);
                }
            }

            @Override
            public BlobInfo next() {
                try {
                    return toInfo.apply(items.next());
                } catch (RuntimeException e) {
                    throw translate.apply(e);
                }
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(translated, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The exception in {@code e}'s causes that says the endpoint could not be reached at all, or null. */
    public static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return t;
            }
        }
        return null;
    }
}

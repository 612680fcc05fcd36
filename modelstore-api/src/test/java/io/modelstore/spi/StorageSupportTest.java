package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StorageSupportTest {

    @Test
    void aLazyListingFetchesItemsOnlyAsTheyAreConsumed() {
        AtomicInteger fetched = new AtomicInteger();
        Iterator<String> sdk =
                Stream.of("a", "b", "c").peek(k -> fetched.incrementAndGet()).iterator();

        try (Stream<BlobInfo> listed =
                StorageSupport.lazyListing(sdk, k -> new BlobInfo(k, 1, java.time.Instant.EPOCH, "v"), e -> e)) {
            assertThat(fetched).hasValue(0);
            assertThat(listed.limit(2).map(BlobInfo::key)).containsExactly("a", "b");
        }
        assertThat(fetched.get()).isLessThan(3);
    }

    @Test
    void anSdkErrorOnAPageIsTranslatedWhereverItIsThrown() {
        RuntimeException sdkError = new IllegalStateException("page 2 failed");
        Iterator<String> failsOnHasNext = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw sdkError;
            }

            @Override
            public String next() {
                return "never";
            }
        };
        Iterator<String> failsOnNext = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                throw sdkError;
            }
        };
        for (Iterator<String> sdk : List.of(failsOnHasNext, failsOnNext)) {
            assertThatThrownBy(() -> StorageSupport.lazyListing(
                                    sdk,
                                    k -> new BlobInfo(k, 1, java.time.Instant.EPOCH, "v"),
                                    e -> new StorageException("translated: " + e.getMessage(), e))
                            .toList())
                    .isInstanceOf(StorageException.class)
                    .hasMessage("translated: page 2 failed")
                    .hasCause(sdkError);
        }
    }

    static Stream<Throwable> networkFailures() {
        return Stream.of(
                new ConnectException("refused"),
                new UnknownHostException("no.such.host"),
                new NoRouteToHostException("no route"),
                new SocketTimeoutException("timed out"),
                new HttpConnectTimeoutException("connect timed out"),
                new UnresolvedAddressException());
    }

    @ParameterizedTest
    @MethodSource("networkFailures")
    void aNetworkFailureIsFoundAmongTheCauses(Throwable network) {
        RuntimeException wrapped = new RuntimeException("SDK", new IOException("transport", network));

        assertThat(StorageSupport.networkCause(wrapped)).isSameAs(network);
        assertThat(StorageSupport.networkCause(network)).isSameAs(network);
    }

    @Test
    void otherFailuresHaveNoNetworkCause() {
        assertThat(StorageSupport.networkCause(new RuntimeException("403", new IOException("denied"))))
                .isNull();
        assertThat(StorageSupport.networkCause(null)).isNull();
    }
}

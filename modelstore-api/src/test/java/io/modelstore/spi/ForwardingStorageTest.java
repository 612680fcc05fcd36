package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every call of the SPI, the default ones included, reaches the delegate with its arguments and returns its answer. */
class ForwardingStorageTest {

    private record Call(String method, List<Object> args) {}

    private static final class Decorator extends ForwardingStorage {
        Decorator(Storage delegate) {
            super(delegate);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private boolean answer;

    /** A delegate that records each call and answers it with a value of its own, found again in {@link #answerTo}. */
    private final Storage delegate = (Storage) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
                return answerTo(method);
            });

    private final InputStream stream = new ByteArrayInputStream(new byte[1]);
    private final BlobInfo blob = new BlobInfo("k", 1, Instant.EPOCH, "v1");
    private final Stream<BlobInfo> listing = Stream.of(blob);
    private final BlobOutput output = new TempFileBlobOutput(delegate, "k", WriteCondition.always());

    /** Its temporary file would outlive the test JVM, and a store check elsewhere would report it as left over. */
    @AfterEach
    void abandonTheOutput() {
        output.close(); // uncommitted: the write is abandoned
    }

    private Object answerTo(Method method) {
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return answer;
        }
        if (type == String.class) {
            return "from the delegate";
        }
        if (type == Map.class) {
            return Map.of("bucket", "b");
        }
        if (type == Optional.class) {
            return Optional.of(blob);
        }
        if (type == InputStream.class) {
            return stream;
        }
        if (type == Stream.class) {
            return listing;
        }
        if (type == List.class) {
            return List.of("leftover");
        }
        if (type == BlobOutput.class) {
            return output;
        }
        return null;
    }

    private static Object argumentOf(Class<?> type) {
        if (type == String.class) {
            return "operatorai-model-store/d/m/artifacts.tar.gz";
        }
        if (type == long.class) {
            return 7L;
        }
        if (type == Path.class) {
            return Path.of("model.bin");
        }
        if (type == byte[].class) {
            return new byte[] {1, 2};
        }
        if (type == WriteCondition.class) {
            return WriteCondition.ifMatch("v1");
        }
        if (type == Instant.class) {
            return Instant.EPOCH;
        }
        throw new AssertionError("no test argument for " + type + ": add one");
    }

    @Test
    void everyMethodOfTheSpiIsPassedOnWithItsArgumentsAndAnswer() throws Exception {
        Storage forwarding = new Decorator(delegate);
        for (Method method : Storage.class.getMethods()) {
            for (boolean delegateAnswers : new boolean[] {true, false}) {
                answer = delegateAnswers;
                calls.clear();
                Object[] args = Arrays.stream(method.getParameterTypes())
                        .map(ForwardingStorageTest::argumentOf)
                        .toArray();
                Object result;
                try {
                    result = method.invoke(forwarding, args);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(method + " failed", e.getCause());
                }
                assertThat(calls)
                        .as(method.toString())
                        .containsExactly(new Call(method.getName(), Arrays.asList(args)));
                assertThat(result).as(method.toString()).isEqualTo(answerTo(method));
            }
        }
    }

    @Test
    void aDecoratorNamesItselfAndTheStorageItWraps() {
        Decorator decorator = new Decorator(delegate);
        assertThat(decorator.delegate()).isSameAs(delegate);
        assertThat(decorator).hasToString("Decorator[from the delegate]");
    }

    @Test
    void aForwardingOutputPassesTheSentListenerToTheOutputItWraps() {
        BlobOutput inner = new BlobOutput() {
            @Override
            public void write(byte[] b, int off, int len) {
                sent(len);
            }

            @Override
            public boolean commit() {
                return true;
            }

            @Override
            public void close() {}
        };
        java.util.concurrent.atomic.AtomicLong told = new java.util.concurrent.atomic.AtomicLong();
        try (BlobOutput forwarding = new ForwardingBlobOutput(inner)) {
            forwarding.onSent(told::addAndGet);
            forwarding.write(new byte[5], 0, 5);
            assertThat(forwarding.commit()).isTrue();
        }
        assertThat(told.get()).isEqualTo(5);
    }
}

package io.modelstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelstore.ModelStore;
import io.modelstore.ProgressListener;
import io.modelstore.UploadRequest;
import io.modelstore.micrometer.MeteredStorage;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.tck.CountingStorage;
import io.modelstore.tck.InMemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in application contexts: each property, condition and bean an application may bring. */
class ModelStoreAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ModelStoreAutoConfiguration.class));

    @TempDir
    Path tmp;

    @Test
    void aStoreFromModelstoreUri() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path model = Files.writeString(tmp.resolve("m.bin"), "weights");
        runner.withPropertyValues("modelstore.uri=" + root.toUri()).run(context -> {
            ModelStore store = context.getBean(ModelStore.class);
            String id = store.upload("fraud", model).modelId();
            assertThat(ModelStore.fromFileSystem(root).listModels("fraud")).containsExactly(id);
        });
    }

    @Test
    void aStoreFromTheBackendsSettingsWithARootPrefixAndACache() throws IOException {
        Path model = Files.writeString(tmp.resolve("m.bin"), "weights");
        Path root = tmp.resolve("props-store");
        runner.withPropertyValues(
                        "modelstore.storage=filesystem",
                        "modelstore.filesystem.root=" + root,
                        "modelstore.filesystem.create=true",
                        "modelstore.root-prefix=team",
                        "modelstore.cache.dir=" + tmp.resolve("cache"),
                        "modelstore.cache.max-bytes=1M")
                .run(context -> {
                    ModelStore store = context.getBean(ModelStore.class);
                    String id = store.upload("fraud", model).modelId();
                    store.download(tmp.resolve("served"), "fraud", id);
                });
        assertThat(root.resolve("team/operatorai-model-store/domains/fraud.json"))
                .exists();
        assertThat(tmp.resolve("served/m.bin")).hasContent("weights");
        try (Stream<Path> cached = Files.walk(tmp.resolve("cache"))) {
            assertThat(cached.filter(p -> p.getFileName().toString().equals("m.bin")))
                    .hasSize(1);
        }
    }

    @Test
    void theApplicationsProgressListenersHearTransfersCalledWithoutOne() throws IOException {
        Path model = Files.writeString(tmp.resolve("m.bin"), "weights");
        List<String> heard = new CopyOnWriteArrayList<>();
        runner.withBean(Storage.class, InMemoryStorage::new)
                .withBean("first", ProgressListener.class, () -> (stage, done, total) -> heard.add("first " + stage))
                .withBean("second", ProgressListener.class, () -> (stage, done, total) -> heard.add("second " + stage))
                .run(context -> {
                    ModelStore store = context.getBean(ModelStore.class);
                    String id = store.upload("fraud", model).modelId();
                    store.download(tmp.resolve("down"), "fraud", id);
                });
        assertThat(heard)
                .contains(
                        "first archiving",
                        "second archiving",
                        "first uploading",
                        "second uploading",
                        "first downloading",
                        "second downloading");
    }

    @Test
    void withoutAStoreConfiguredTheContextFailsAndSaysWhatToSet() {
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageStartingWith("Neither modelstore.uri nor modelstore.storage is set."));
    }

    @Test
    void anApplicationsOwnModelStoreWins() {
        runner.withUserConfiguration(OwnStore.class)
                .withPropertyValues("modelstore.uri=file:///nowhere")
                .run(context -> assertThat(context)
                        .hasSingleBean(ModelStore.class)
                        .getBean(ModelStore.class)
                        .isSameAs(OwnStore.STORE));
    }

    @Test
    void anApplicationsOwnStorageIsUsedWithTheRootPrefixAndClosedWithTheContext() {
        ClosingStorage storage = new ClosingStorage(new InMemoryStorage());
        runner.withBean("storage", Storage.class, () -> storage, bean -> bean.setDestroyMethodName(""))
                .withPropertyValues("modelstore.root-prefix=ml")
                .run(context -> {
                    context.getBean(ModelStore.class)
                            .upload(UploadRequest.builder("fraud")
                                    .file(Files.writeString(tmp.resolve("own.bin"), "own"))
                                    .build());
                    assertThat(storage.stat("ml/operatorai-model-store/domains/fraud.json"))
                            .isPresent();
                    assertThat(storage.closes.get()).isZero();
                });
        assertThat(storage.closes.get())
                .as("closed by the ModelStore bean, with the context")
                .isEqualTo(1);
    }

    @Test
    void theHealthIndicatorIsUpThenDownWithTheStoresMessageAndReusesItsResult() {
        SwitchableStorage storage = new SwitchableStorage(new InMemoryStorage());
        runner.withBean(Storage.class, () -> storage)
                .withPropertyValues("modelstore.health.cache-ttl=0s")
                .run(context -> {
                    HealthIndicator health = context.getBean("modelstoreHealthIndicator", HealthIndicator.class);
                    Health up = health.health();
                    assertThat(up.getStatus()).isEqualTo(Status.UP);
                    assertThat(up.getDetails()).containsEntry("domains", 0).containsKey("storage");
                    storage.down = true;
                    Health down = health.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails().get("error").toString()).contains("cannot reach the test storage");
                });
    }

    @Test
    void aHealthCheckIsReusedForItsTimeToLive() {
        CountingStorage storage = new CountingStorage(new InMemoryStorage());
        runner.withBean(Storage.class, () -> storage).run(context -> {
            HealthIndicator health = context.getBean("modelstoreHealthIndicator", HealthIndicator.class);
            storage.reset();
            for (int i = 0; i < 5; i++) {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            }
            assertThat(storage.lists.get())
                    .as("listings for five probes within the default 10 s")
                    .isEqualTo(1);
        });
    }

    @Test
    void noHealthIndicatorWithoutBootsHealthSupport() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .withBean(Storage.class, InMemoryStorage::new)
                .run(context -> assertThat(context)
                        .hasSingleBean(ModelStore.class)
                        .doesNotHaveBean("modelstoreHealthIndicator"));
    }

    @Test
    void withAMeterRegistryTheStoresRequestsAndBytesAreMetered() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("metered"));
        Path model = Files.writeString(tmp.resolve("m.bin"), "weights");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry)
                .withPropertyValues("modelstore.uri=" + root.toUri())
                .run(context -> context.getBean(ModelStore.class).upload("fraud", model));
        assertThat(registry.get(MeteredStorage.REQUESTS)
                        .tag("operation", "write")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(3);
        assertThat(registry.get(MeteredStorage.BYTES)
                        .tag("direction", "up")
                        .counter()
                        .count())
                .isGreaterThan(0);
    }

    @Test
    void withoutMicrometerTheStorageIsNotDecorated() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withBean(Storage.class, InMemoryStorage::new)
                .run(context -> {
                    assertThat(context).doesNotHaveBean("modelstoreMetrics");
                    assertThat(context.getBean(ModelStore.class).storage()).isInstanceOf(InMemoryStorage.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        static final ModelStore STORE = ModelStore.fromStorage(new InMemoryStorage());

        @Bean
        ModelStore modelStore() {
            return STORE;
        }
    }

    /** Counts its closes. */
    static final class ClosingStorage extends ForwardingStorage {
        final AtomicInteger closes = new AtomicInteger();

        ClosingStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            super.close();
        }
    }

    /** A storage that can be made unreachable. */
    static final class SwitchableStorage extends ForwardingStorage {
        volatile boolean down;

        SwitchableStorage(Storage delegate) {
            super(delegate);
        }

        @Override
        public Stream<BlobInfo> list(String prefix) {
            if (down) {
                throw new StorageException(
                        Reason.UNREACHABLE, "Failed to list: cannot reach the test storage.", null, null);
            }
            return super.list(prefix);
        }
    }
}

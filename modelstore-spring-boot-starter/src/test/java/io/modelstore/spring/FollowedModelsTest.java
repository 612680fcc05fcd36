package io.modelstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelstore.DomainNotFoundException;
import io.modelstore.FollowOptions;
import io.modelstore.LiveModel;
import io.modelstore.ModelRefusedException;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.micrometer.CacheMeters;
import io.modelstore.micrometer.LiveModelMeters;
import io.modelstore.tck.TextModelLoader;
import io.modelstore.tck.TextModelLoader.TextModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The modelstore.follow.* beans: LiveModels by name and type, kept current, metered, closed with the context. */
class FollowedModelsTest {

    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ModelStoreAutoConfiguration.class));

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void store() throws IOException {
        root = Files.createDirectories(tmp.resolve("store"));
    }

    @Test
    void eachFollowEntryIsALiveModelBeanByNameAndTypeThatFollowsItsStateAndIsClosedWithTheContext() throws IOException {
        upload("churn", "a", 0, null);
        upload("churn", "b", 10, "production");
        upload("fraud", "f", 20, null);
        List<TextModel> served = new CopyOnWriteArrayList<>();
        runner.withUserConfiguration(Scorer.class)
                .withPropertyValues(
                        "modelstore.uri=" + root.toUri(),
                        "modelstore.follow.churn-production.domain=churn",
                        "modelstore.follow.churn-production.state=production",
                        "modelstore.follow.churn-production.type=" + TextModel.class.getName(),
                        "modelstore.follow.churn-production.poll-every=1h",
                        "modelstore.follow.fraud-latest.domain=fraud")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Scorer scorer = context.getBean(Scorer.class);
                    assertThat(scorer.churn.apply(TextModel::text)).isEqualTo("model b");
                    assertThat(context.getBean("fraud-latest", LiveModel.class)
                                    .current()
                                    .modelId())
                            .isEqualTo("f");
                    served.add(scorer.churn.apply(m -> m));

                    upload("churn", "c", 30, "production");
                    assertThat(scorer.churn.refresh()).isTrue();
                    assertThat(scorer.churn.apply(TextModel::text)).isEqualTo("model c");
                    served.add(scorer.churn.apply(m -> m));
                    assertThat(served.get(0).closed())
                            .as("the swapped-out model is closed")
                            .isTrue();
                });
        assertThat(served.get(1).closed())
                .as("the serving model is closed with the context")
                .isTrue();
    }

    @Test
    void withAMeterRegistrySwapsAndCacheHitsAndMissesAreCounted() throws IOException {
        upload("churn", "a", 0, null);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry)
                .withPropertyValues(
                        "modelstore.uri=" + root.toUri(),
                        "modelstore.cache.dir=" + tmp.resolve("cache"),
                        "modelstore.cache.max-bytes=1G",
                        "modelstore.follow.churn.domain=churn",
                        "modelstore.follow.churn.poll-every=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LiveModel<?> churn = context.getBean("churn", LiveModel.class);
                    upload("churn", "b", 10, null);
                    assertThat(churn.refresh()).isTrue();
                    context.getBean(ModelStore.class).download(tmp.resolve("again"), "churn", "b");
                });
        assertThat(registry.get(LiveModelMeters.SWAPS)
                        .tag("name", "churn")
                        .tag("domain", "churn")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(CacheMeters.REQUESTS)
                        .tag("result", "miss")
                        .tag("domain", "churn")
                        .counter()
                        .count())
                .as("a and b loaded")
                .isEqualTo(2);
        assertThat(registry.get(CacheMeters.REQUESTS)
                        .tag("result", "hit")
                        .tag("domain", "churn")
                        .counter()
                        .count())
                .as("b downloaded again")
                .isEqualTo(1);
    }

    @Test
    void aFollowEntryWithoutADomainFailsTheStartAndSaysWhatToSet() {
        runner.withPropertyValues("modelstore.uri=" + root.toUri(), "modelstore.follow.churn.state=production")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasMessageStartingWith("modelstore.follow.churn.domain is not set"));
    }

    @Test
    void aTypeThatIsNotOnTheClasspathFailsTheStartNamingTheModuleToAdd() {
        runner.withPropertyValues(
                        "modelstore.uri=" + root.toUri(),
                        "modelstore.follow.churn.domain=churn",
                        "modelstore.follow.churn.type=ai.onnxruntime.OrtSession")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasMessageContaining("modelstore.follow.churn.type is ai.onnxruntime.OrtSession")
                        .hasMessageContaining("io.modelstore:modelstore-onnx"));
    }

    @Test
    void aDomainWithNoModelFailsTheStartNamingIt() {
        runner.withPropertyValues("modelstore.uri=" + root.toUri(), "modelstore.follow.churn.domain=churn")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(DomainNotFoundException.class)
                        .hasMessageContaining("'churn'"));
    }

    @Test
    void aFollowNamedAsAnotherBeanIsRefused() {
        runner.withBean("scorer", String.class, () -> "mine")
                .withPropertyValues("modelstore.uri=" + root.toUri(), "modelstore.follow.scorer.domain=churn")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasMessageContaining("already has a bean named 'scorer'"));
    }

    @Test
    void aVersionWithOtherInputsIsRefusedUnlessAcceptedAndTheHealthNamesIt() throws IOException {
        upload("churn", "a", 0, null, "features=4 model a");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, () -> registry)
                .withPropertyValues(
                        "modelstore.uri=" + root.toUri(),
                        "modelstore.follow.guarded.domain=churn",
                        "modelstore.follow.guarded.poll-every=50ms",
                        "modelstore.follow.accepting.domain=churn",
                        "modelstore.follow.accepting.poll-every=1h",
                        "modelstore.follow.accepting.accept-signature-changes=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LiveModel<?> guarded = context.getBean("guarded", LiveModel.class);
                    LiveModel<?> accepting = context.getBean("accepting", LiveModel.class);
                    upload("churn", "b", 10, null, "features=5 model b");

                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (guarded.refusal().isEmpty()) { // the poll finds b and refuses it
                        assertThat(System.nanoTime()).as("refused within 30 s").isLessThan(deadline);
                        Thread.sleep(10);
                    }
                    assertThat(guarded.refusal().orElseThrow())
                            .hasMessageContaining("features: float32[-1, 5]")
                            .hasMessageContaining("features: float32[-1, 4]");
                    assertThat(guarded.current().modelId()).isEqualTo("a");
                    assertThatThrownBy(guarded::refresh)
                            .as("an explicit refresh tries again, and is refused again")
                            .isInstanceOf(ModelRefusedException.class);
                    assertThat(accepting.refresh()).isTrue();
                    assertThat(accepting.current().modelId()).isEqualTo("b");

                    Health health = context.getBean("modelstoreFollowedHealthIndicator", HealthIndicator.class)
                            .health();
                    assertThat(health.getStatus()).as("the old model serves").isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("accepting", Map.of("domain", "churn", "serving", "b"));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> details =
                            (Map<String, Object>) health.getDetails().get("guarded");
                    assertThat(details).containsEntry("serving", "a").containsEntry("refused", "b");
                    assertThat((String) details.get("why")).contains("its inputs (features: float32[-1, 5]) differ");
                });
        assertThat(registry.get(LiveModelMeters.REFUSED)
                        .tag("name", "guarded")
                        .tag("domain", "churn")
                        .counter()
                        .count())
                .as("the poll's refusal, told once")
                .isEqualTo(1);
        assertThat(registry.get(LiveModelMeters.FAILURES)
                        .tag("name", "guarded")
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void aCheckBeanNamedByTheFollowRefusesAVersionThatFailsIt() throws IOException {
        upload("churn", "a", 0, null);
        runner.withBean("sampleCheck", FollowOptions.Check.class, () -> (model, metadata) -> {
                    if (((TextModel) model).text().contains("b")) {
                        throw new IllegalStateException("model b scores the sample as NaN");
                    }
                })
                .withPropertyValues(
                        "modelstore.uri=" + root.toUri(),
                        "modelstore.follow.churn.domain=churn",
                        "modelstore.follow.churn.poll-every=1h",
                        "modelstore.follow.churn.check=sampleCheck")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LiveModel<?> churn = context.getBean("churn", LiveModel.class);
                    upload("churn", "b", 10, null);
                    assertThatThrownBy(churn::refresh)
                            .isInstanceOf(ModelRefusedException.class)
                            .hasMessageContaining("model b scores the sample as NaN");
                    assertThat(churn.current().modelId()).isEqualTo("a");
                });
        runner.withPropertyValues(
                        "modelstore.uri=" + root.toUri(),
                        "modelstore.follow.churn.domain=churn",
                        "modelstore.follow.churn.check=noSuchCheck")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("modelstore.follow.churn.check is 'noSuchCheck'"));
    }

    /** An application bean that gets its model by type and name. */
    @Configuration(proxyBeanMethods = false)
    static class Scorer {
        @Autowired
        @Qualifier("churn-production")
        LiveModel<TextModel> churn;
    }

    private void upload(String domain, String id, int seconds, String state) throws IOException {
        upload(domain, id, seconds, state, "model " + id);
    }

    private void upload(String domain, String id, int seconds, String state, String text) throws IOException {
        Path file = Files.writeString(
                Files.createDirectories(tmp.resolve("src-" + id)).resolve("model.txt"), text);
        try (ModelStore store = ModelStore.builder(
                        ModelStore.fromFileSystem(root).storage())
                .clock(Clock.fixed(START.plusSeconds(seconds), ZoneOffset.UTC))
                .build()) {
            store.upload(UploadRequest.builder(domain)
                    .file(file)
                    .modelId(id)
                    .library(TextModelLoader.LIBRARY)
                    .build());
            if (state != null) {
                if (!store.listModelStates().contains(state)) {
                    store.createModelState(state);
                }
                store.setModelState(domain, id, state);
            }
        }
    }
}

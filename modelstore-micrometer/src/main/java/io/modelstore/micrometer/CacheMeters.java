package io.modelstore.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.CacheListener;
import io.modelstore.ModelMetadata;

/**
 * The model cache's hits and misses as the counter {@code modelstore.cache.requests}, tags {@code result}
 * ({@code hit} or {@code miss}) and {@code domain}:
 * {@code ModelStore.builder(storage).cache(dir, "10G").cacheListener(new CacheMeters(registry))}. The Spring Boot
 * starter adds it when the application has a {@link MeterRegistry}.
 */
public final class CacheMeters implements CacheListener {

    /** The counter's name. */
    public static final String REQUESTS = "modelstore.cache.requests";

    private final MeterRegistry registry;

    /**
     * Counts into {@code registry}.
     *
     * @param registry where the counters are registered
     */
    public CacheMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void hit(ModelMetadata model) {
        count("hit", model);
    }

    @Override
    public void miss(ModelMetadata model) {
        count("miss", model);
    }

    private void count(String result, ModelMetadata model) {
        Counter.builder(REQUESTS)
                .tag("result", result)
                .tag("domain", model.domain())
                .description("Downloads served from the model cache (hit) or filled from storage (miss)")
                .register(registry)
                .increment();
    }
}

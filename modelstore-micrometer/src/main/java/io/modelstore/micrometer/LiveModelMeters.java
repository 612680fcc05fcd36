package io.modelstore.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.LiveModel;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelRefusedException;

/**
 * A {@link LiveModel}'s swaps, failed refreshes and refused versions as counters, tags {@code name} (the application's
 * name for the followed model) and {@code domain}: {@code modelstore.live.swaps}, {@code modelstore.live.failures} and
 * {@code modelstore.live.refused} (a version not swapped in because its inputs changed or it failed the application's
 * check: {@link ModelRefusedException}).
 * {@code live.onChange(new LiveModelMeters(registry, "churn", "churn-xgb"))}; the Spring Boot starter adds it to each
 * {@code modelstore.follow.*} bean when the application has a {@link MeterRegistry}.
 */
public final class LiveModelMeters implements LiveModel.Listener {

    /** The name of the counter of swaps. */
    public static final String SWAPS = "modelstore.live.swaps";
    /** The name of the counter of failed refreshes. */
    public static final String FAILURES = "modelstore.live.failures";
    /** The name of the counter of refused versions. */
    public static final String REFUSED = "modelstore.live.refused";

    private final Counter swaps;
    private final Counter failures;
    private final Counter refused;

    /**
     * Registers the three counters of one followed model.
     *
     * @param registry where the counters are registered
     * @param name     the application's name for the followed model, the tag {@code name}
     * @param domain   the followed model's domain, the tag {@code domain}
     */
    public LiveModelMeters(MeterRegistry registry, String name, String domain) {
        this.swaps = Counter.builder(SWAPS)
                .tag("name", name)
                .tag("domain", domain)
                .description("Newer models loaded and swapped in")
                .register(registry);
        this.failures = Counter.builder(FAILURES)
                .tag("name", name)
                .tag("domain", domain)
                .description("Refreshes that failed while the current model went on serving")
                .register(registry);
        this.refused = Counter.builder(REFUSED)
                .tag("name", name)
                .tag("domain", domain)
                .description(
                        "Newer versions not swapped in (other inputs, or a failed check) while the current one serves")
                .register(registry);
    }

    @Override
    public void changed(ModelMetadata previous, ModelMetadata current) {
        swaps.increment();
    }

    @Override
    public void failed(Exception cause) {
        (cause instanceof ModelRefusedException ? refused : failures).increment();
    }
}

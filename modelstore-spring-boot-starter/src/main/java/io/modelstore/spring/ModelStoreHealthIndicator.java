package io.modelstore.spring;

import io.modelstore.ModelStore;
import io.modelstore.spi.ModelStoreException;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when the store answers the check that {@code modelstore doctor} makes (its domains are listed), DOWN with the
 * store's message otherwise. The result is reused for a while, so that frequent probes do not load the storage.
 * Messages of modelstore-java hold no secrets; any other exception is shown as its class only.
 */
public class ModelStoreHealthIndicator implements HealthIndicator {

    private final ModelStore store;
    private final long ttlNanos;
    private volatile Health last;
    private volatile long checkedAt;

    /**
     * Checks {@code store}, at most once every {@code cacheTtl}.
     *
     * @param store    the store to check
     * @param cacheTtl how long a result is reused
     */
    public ModelStoreHealthIndicator(ModelStore store, Duration cacheTtl) {
        this.store = store;
        this.ttlNanos = cacheTtl.toNanos();
    }

    @Override
    public Health health() {
        Health cached = last;
        if (cached != null && System.nanoTime() - checkedAt < ttlNanos) {
            return cached;
        }
        Health fresh = check();
        checkedAt = System.nanoTime();
        last = fresh;
        return fresh;
    }

    private Health check() {
        String storage = store.storage().describe();
        long start = System.nanoTime();
        try {
            int domains = store.listDomains().size();
            return Health.up()
                    .withDetail("storage", storage)
                    .withDetail("domains", domains)
                    .withDetail("millis", (System.nanoTime() - start) / 1_000_000)
                    .build();
        } catch (ModelStoreException e) {
            return Health.down()
                    .withDetail("storage", storage)
                    .withDetail("error", e.getMessage())
                    .build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("storage", storage)
                    .withDetail("error", e.getClass().getName())
                    .build();
        }
    }
}

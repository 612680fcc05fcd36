package io.modelstore.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.CacheListener;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.ModelStoreBuilder;
import io.modelstore.ProgressListener;
import io.modelstore.StoreConfig;
import io.modelstore.micrometer.CacheMeters;
import io.modelstore.micrometer.LiveModelMeters;
import io.modelstore.micrometer.MeteredStorage;
import io.modelstore.spi.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A {@link ModelStore} bean, closed with the context: on the application's own {@link Storage} bean when it has one,
 * else from the {@code modelstore.*} properties ({@link ModelStoreProperties}). An application's own
 * {@code ModelStore} bean replaces it. A {@link io.modelstore.LiveModel} bean for each {@code modelstore.follow.<name>}
 * entry ({@link FollowedModels}). With Boot's health support, a {@code modelstore} health indicator; with a Micrometer
 * {@code MeterRegistry}, the storage's requests, the cache's hits and misses and the live models' swaps as
 * {@code modelstore.*} meters. With the actuator, a {@link ModelStoreSanitizingFunction} that hides the store's secrets
 * in {@code /actuator/env}. The application's {@link CacheListener} and {@link ProgressListener} beans are the
 * store's (the latter hear the cache fills of the followed models, and every transfer called without a listener).
 */
@AutoConfiguration
@ConditionalOnClass(ModelStore.class)
@EnableConfigurationProperties(ModelStoreProperties.class)
public class ModelStoreAutoConfiguration {

    /**
     * The store, on the application's {@link Storage} bean or from the {@code modelstore.*} properties.
     *
     * @param environment       where the {@code modelstore.*} properties are read from
     * @param properties        the same, bound: their root prefix and cache go with the application's storage
     * @param storage           the application's own storage bean, used when it has exactly one
     * @param decorators        what wraps the storage, in their order
     * @param cacheListeners    told of the cache's hits and misses, in their order
     * @param progressListeners told how far the store's transfers have got, in their order
     * @return the store, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ModelStore modelStore(
            Environment environment,
            ModelStoreProperties properties,
            ObjectProvider<Storage> storage,
            ObjectProvider<StorageDecorator> decorators,
            ObjectProvider<CacheListener> cacheListeners,
            ObjectProvider<ProgressListener> progressListeners) {
        Storage own = storage.getIfUnique();
        ModelStoreBuilder builder;
        if (own == null) {
            StoreConfig config = StoreConfig.fromMap(modelstoreProperties(environment));
            builder = ModelStore.builder(decorate(config.createStorage(), decorators))
                    .rootPrefix(config.rootPrefix());
            config.cacheDirectory().ifPresent(dir -> builder.cache(dir, config.cacheMaxBytes()));
        } else {
            builder = ModelStore.builder(decorate(own, decorators))
                    .rootPrefix(properties.getRootPrefix() == null ? "" : properties.getRootPrefix());
            ModelStoreProperties.Cache cache = properties.getCache();
            if (cache.getDir() != null || cache.getMaxBytes() != null) {
                if (cache.getDir() == null || cache.getMaxBytes() == null) {
                    throw new IllegalStateException(
                            "The model cache needs both modelstore.cache.dir and "
                                    + "modelstore.cache.max-bytes (such as 10G): set the one that is missing, or unset the other.");
                }
                builder.cache(cache.getDir(), cache.getMaxBytes());
            }
        }
        List<ProgressListener> progress = progressListeners.orderedStream().toList();
        return builder.cacheListener(
                        new AllCacheListeners(cacheListeners.orderedStream().toList()))
                .progressListener(
                        progress.isEmpty()
                                ? ProgressListener.NONE
                                : (stage, done, total) -> progress.forEach(l -> l.progress(stage, done, total)))
                .build();
    }

    private static Storage decorate(Storage storage, ObjectProvider<StorageDecorator> decorators) {
        Storage decorated = storage;
        for (StorageDecorator decorator : decorators.orderedStream().toList()) {
            decorated = decorator.decorate(decorated);
        }
        return decorated;
    }

    /** Every {@code modelstore.*} property, with its full name, as StoreConfig reads properties. */
    static Map<String, String> modelstoreProperties(Environment environment) {
        Map<String, String> bound = Binder.get(environment)
                .bind("modelstore", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, String> config = new LinkedHashMap<>();
        bound.forEach((key, value) -> config.put("modelstore." + key, value));
        return config;
    }

    /** Registers a LiveModel bean for each modelstore.follow entry; static, as it runs before other beans exist. */
    @Bean
    static FollowedModels modelstoreFollowedModels() {
        return new FollowedModels();
    }

    /** The application's cache listener beans, in their order. */
    private record AllCacheListeners(List<CacheListener> listeners) implements CacheListener {
        @Override
        public void hit(ModelMetadata model) {
            listeners.forEach(l -> l.hit(model));
        }

        @Override
        public void miss(ModelMetadata model) {
            listeners.forEach(l -> l.miss(model));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, MeteredStorage.class})
    static class Metrics {

        /** The store's requests and bytes as modelstore.storage.* meters, in the application's registry. */
        @Bean
        @ConditionalOnMissingBean(name = "modelstoreMetrics")
        StorageDecorator modelstoreMetrics(ObjectProvider<MeterRegistry> registry) {
            return storage -> {
                MeterRegistry meters = registry.getIfUnique();
                return meters == null ? storage : new MeteredStorage(storage, meters);
            };
        }

        /** The cache's hits and misses as modelstore.cache.requests. */
        @Bean
        @ConditionalOnMissingBean(name = "modelstoreCacheMetrics")
        CacheListener modelstoreCacheMetrics(ObjectProvider<MeterRegistry> registry) {
            return new CacheListener() { // CacheMeters registers its counters once, then finds them
                @Override
                public void hit(ModelMetadata model) {
                    registry.ifUnique(meters -> new CacheMeters(meters).hit(model));
                }

                @Override
                public void miss(ModelMetadata model) {
                    registry.ifUnique(meters -> new CacheMeters(meters).miss(model));
                }
            };
        }

        /** Each followed model's swaps and failed refreshes as modelstore.live.*. */
        @Bean
        @ConditionalOnMissingBean(name = "modelstoreLiveModelMetrics")
        LiveModelCustomizer modelstoreLiveModelMetrics(ObjectProvider<MeterRegistry> registry) {
            return (name, model) -> {
                registry.ifUnique(meters -> model.onChange(
                        new LiveModelMeters(meters, name, model.current().domain())));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {

        /** The store's secrets and endpoints' credentials, hidden in the actuator's /env even when it shows values. */
        @Bean
        @ConditionalOnMissingBean(name = "modelstoreSanitizingFunction")
        SanitizingFunction modelstoreSanitizingFunction() {
            return new ModelStoreSanitizingFunction();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "modelstoreHealthIndicator")
        ModelStoreHealthIndicator modelstoreHealthIndicator(ModelStore store, ModelStoreProperties properties) {
            return new ModelStoreHealthIndicator(store, properties.getHealth().getCacheTtl());
        }

        /** The followed models: what each serves, and a version refused with why. */
        @Bean
        @ConditionalOnMissingBean(name = "modelstoreFollowedHealthIndicator")
        FollowedModelsHealthIndicator modelstoreFollowedHealthIndicator(
                org.springframework.beans.factory.ListableBeanFactory beans) {
            return new FollowedModelsHealthIndicator(beans);
        }
    }
}

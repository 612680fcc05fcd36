package io.modelstore.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import io.modelstore.micrometer.MeteredStorage;
import io.modelstore.spi.Storage;
import org.springframework.beans.factory.ObjectProvider;
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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link ModelStore} bean, closed with the context: on the application's own {@link Storage} bean when it has one,
 * else from the {@code modelstore.*} properties ({@link ModelStoreProperties}). An application's own
 * {@code ModelStore} bean replaces it. With Boot's health support, a {@code modelstore} health indicator; with a
 * Micrometer {@code MeterRegistry}, the storage's requests as {@code modelstore.storage.*} meters ({@link MeteredStorage}).
 */
@AutoConfiguration
@ConditionalOnClass(ModelStore.class)
@EnableConfigurationProperties(ModelStoreProperties.class)
public class ModelStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ModelStore modelStore(Environment environment, ModelStoreProperties properties, ObjectProvider<Storage> storage,
                                 ObjectProvider<StorageDecorator> decorators) {
        UnaryOperator<Storage> decorate = s -> {
            Storage decorated = s;
            for (StorageDecorator decorator : decorators.orderedStream().toList()) {
                decorated = decorator.decorate(decorated);
            }
            return decorated;
        };
        Storage own = storage.getIfUnique();
        if (own == null) {
            return ModelStore.open(StoreConfig.fromMap(modelstoreProperties(environment)), decorate);
        }
        ModelStore.Builder builder = ModelStore.builder(decorate.apply(own))
                .rootPrefix(properties.getRootPrefix() == null ? "" : properties.getRootPrefix());
        ModelStoreProperties.Cache cache = properties.getCache();
        if (cache.getDir() != null || cache.getMaxBytes() != null) {
            if (cache.getDir() == null || cache.getMaxBytes() == null) {
                throw new IllegalStateException("The model cache needs both modelstore.cache.dir and "
                        + "modelstore.cache.max-bytes (such as 10G): set the one that is missing, or unset the other.");
            }
            builder.cache(cache.getDir(), cache.getMaxBytes());
        }
        return builder.build();
    }

    /** Every {@code modelstore.*} property, with its full name, as StoreConfig reads properties. */
    static Map<String, String> modelstoreProperties(Environment environment) {
        Map<String, String> bound = Binder.get(environment)
                .bind("modelstore", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        Map<String, String> config = new LinkedHashMap<>();
        bound.forEach((key, value) -> config.put("modelstore." + key, value));
        return config;
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
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "modelstoreHealthIndicator")
        ModelStoreHealthIndicator modelstoreHealthIndicator(ModelStore store, ModelStoreProperties properties) {
            return new ModelStoreHealthIndicator(store, properties.getHealth().getCacheTtl());
        }
    }
}

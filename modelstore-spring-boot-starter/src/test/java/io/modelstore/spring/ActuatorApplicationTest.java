package io.modelstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.ModelStore;
import io.modelstore.micrometer.MeteredStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application with the actuator, every auto-configuration on its classpath and only modelstore.uri set: its health
 * endpoint has a modelstore component that is UP, and its registry has the store's meters. (DOWN is tested in
 * ModelStoreAutoConfigurationTest, on a storage that can be made unreachable.)
 */
class ActuatorApplicationTest {

    @TempDir
    Path tmp;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    public static class Application {}

    @Test
    void theHealthEndpointAndTheMetersOfAnApplication() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path model = Files.writeString(tmp.resolve("m.bin"), "weights");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .properties("modelstore.uri=" + root.toUri(), "modelstore.health.cache-ttl=0s")
                .run()) {
            context.getBean(ModelStore.class).upload("fraud", model);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(health.healthForPath("modelstore").getStatus()).isEqualTo(Status.UP);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MeteredStorage.REQUESTS)
                            .tag("operation", "write")
                            .timers())
                    .isNotEmpty();
        }
    }
}

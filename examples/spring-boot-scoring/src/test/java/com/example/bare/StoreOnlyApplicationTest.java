package com.example.bare;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a package of its own, so that it is not the scoring application: this project's dependencies (modelstore-bom, the starter, the local backend, the actuator) with nothing set but
 * modelstore.uri, none of this application's own configuration: a working ModelStore, a modelstore health component
 * that is UP, and modelstore.* meters after an upload.
 */
class StoreOnlyApplicationTest {

    @TempDir
    Path tmp;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Bare {
    }

    @Test
    void onlyModelstoreUriGivesAStoreItsHealthAndItsMeters() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Bare.class).web(WebApplicationType.NONE)
                .properties("spring.config.name=no-application-properties", "modelstore.uri=" + root.toUri()).run()) {
            ModelStore store = context.getBean(ModelStore.class);
            String id = store.upload("fraud", Files.writeString(tmp.resolve("m.bin"), "weights")).modelId();
            assertThat(ModelStore.fromFileSystem(root).listModels("fraud")).containsExactly(id);
            assertThat(context.getBean(HealthEndpoint.class).healthForPath("modelstore").getStatus()).isEqualTo(Status.UP);
            assertThat(context.getBean(MeterRegistry.class).find("modelstore.storage.requests").timers()).isNotEmpty();
        }
    }
}

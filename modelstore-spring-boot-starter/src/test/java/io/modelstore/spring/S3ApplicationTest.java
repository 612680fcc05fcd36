package io.modelstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelstore.ModelStore;
import io.modelstore.aws.S3ProxyServer;
import io.modelstore.micrometer.MeteredStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application of {@link ActuatorApplicationTest} on S3Proxy, a real S3 server on 127.0.0.1, with only
 * {@code modelstore.uri} set and the credentials in the environment (see the pom): it uploads, its meters count the
 * requests, and its health goes from UP to DOWN, with the reason and no secret, when the server stops.
 */
class S3ApplicationTest {

    @TempDir
    Path tmp;

    @Test
    void anApplicationOnS3IsUpThenDownWhenTheServerStops() throws Exception {
        S3ProxyServer server = new S3ProxyServer();
        server.beforeAll(null);
        boolean running = true;
        try {
            String bucket = server.newBucket();
            String uri = "s3://" + bucket + "/models?region=us-east-1&path-style=true&endpoint=" + server.endpoint();
            Path model = Files.writeString(tmp.resolve("m.bin"), "weights");
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                            ActuatorApplicationTest.Application.class)
                    .web(WebApplicationType.NONE)
                    .properties("modelstore.uri=" + uri, "modelstore.health.cache-ttl=0s")
                    .run()) {
                String id =
                        context.getBean(ModelStore.class).upload("fraud", model).modelId();
                assertThat(server.admin()
                                .listObjectsV2(r -> r.bucket(bucket).prefix("models/"))
                                .contents())
                        .anyMatch(o -> o.key().contains(id));

                HealthEndpoint health = context.getBean(HealthEndpoint.class);
                assertThat(health.healthForPath("modelstore").getStatus()).isEqualTo(Status.UP);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get(MeteredStorage.REQUESTS)
                                .tag("operation", "write")
                                .tag("outcome", "success")
                                .timer()
                                .count())
                        .isGreaterThanOrEqualTo(3);

                server.afterAll(null);
                running = false;
                IndicatedHealthDescriptor down = (IndicatedHealthDescriptor) health.healthForPath("modelstore");
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails().get("error").toString())
                        .contains(bucket)
                        .doesNotContain(S3ProxyServer.SECRET_KEY);
                assertThat(down.getDetails().toString()).doesNotContain(S3ProxyServer.SECRET_KEY);
                assertThat(health.health().getStatus())
                        .as("the application's own status")
                        .isEqualTo(Status.DOWN);
                assertThat(registry.get(MeteredStorage.REQUESTS)
                                .tag("operation", "list")
                                .tag("outcome", "failure")
                                .timer()
                                .count())
                        .isGreaterThanOrEqualTo(1);
            }
        } finally {
            if (running) {
                server.afterAll(null);
            }
        }
    }
}

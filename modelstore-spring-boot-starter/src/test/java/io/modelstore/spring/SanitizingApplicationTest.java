package io.modelstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The actuator's {@code /env} of an application that shows values ({@code show-values=ALWAYS}): every secret setting
 * of the starter, in each form Spring reads it from, is hidden; an endpoint's credentials are masked; the rest shows.
 */
class SanitizingApplicationTest {

    private static final String HIDDEN = SanitizableData.SANITIZED_VALUE;

    @TempDir
    Path tmp;

    @Test
    void theEnvironmentEndpointHidesEverySecretSettingOfTheStarter() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Map<String, Object> env;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        ActuatorApplicationTest.Application.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "modelstore.uri=" + root.toUri(),
                        "management.endpoint.env.show-values=ALWAYS",
                        "management.endpoints.jmx.exposure.include=env",
                        "spring.jmx.enabled=true",
                        // The secret settings, as properties (in the forms relaxed binding reads) and as variables.
                        "modelstore.minio.access-key=secret-1",
                        "modelstore.minio.secret-key=secret-2",
                        "modelstore.minio.secretKey=secret-3",
                        "modelstore.azure-container.connection-string=AccountKey=secret-4",
                        "MODELSTORE_MINIO_SECRETKEY=secret-5",
                        "MINIO_ACCESS_KEY=secret-6",
                        "MINIO_SECRET_KEY=secret-7",
                        "AZURE_STORAGE_CONNECTION_STRING=AccountKey=secret-8",
                        "MODEL_STORE_MINIO_SECRET_KEY=secret-9",
                        "modelstore.my-backend.api-token=secret-10",
                        // Endpoints with credentials: masked, not hidden.
                        "modelstore.aws-s3.endpoint=http://u:secret-11@127.0.0.1:9000",
                        "AWS_ENDPOINT_URL_S3=http://u:secret-12@127.0.0.1:9000",
                        "MINIO_ENDPOINT=u:secret-13@127.0.0.1:9000",
                        // Not secrets: shown as they are.
                        "modelstore.minio.bucket=models",
                        "modelstore.aws-s3.region=eu-central-1",
                        "MODEL_STORE_AWS_BUCKET=models")
                .run()) {
            env = values(context.getBean(EnvironmentEndpoint.class).environment(null));
        }
        for (int i = 1; i <= 10; i++) {
            assertThat(env)
                    .as("secret-" + i)
                    .doesNotContainValue("secret-" + i)
                    .doesNotContainValue("AccountKey=secret-" + i);
        }
        assertThat(env)
                .contains(
                        entry("modelstore.minio.access-key", HIDDEN),
                        entry("modelstore.minio.secret-key", HIDDEN),
                        entry("modelstore.minio.secretKey", HIDDEN),
                        entry("modelstore.azure-container.connection-string", HIDDEN),
                        entry("MODELSTORE_MINIO_SECRETKEY", HIDDEN),
                        entry("MINIO_ACCESS_KEY", HIDDEN),
                        entry("MINIO_SECRET_KEY", HIDDEN),
                        entry("AZURE_STORAGE_CONNECTION_STRING", HIDDEN),
                        entry("MODEL_STORE_MINIO_SECRET_KEY", HIDDEN),
                        entry("modelstore.my-backend.api-token", HIDDEN),
                        entry("modelstore.aws-s3.endpoint", "http://****@127.0.0.1:9000"),
                        entry("AWS_ENDPOINT_URL_S3", "http://****@127.0.0.1:9000"),
                        entry("MINIO_ENDPOINT", "****@127.0.0.1:9000"),
                        entry("modelstore.minio.bucket", "models"),
                        entry("modelstore.aws-s3.region", "eu-central-1"),
                        entry("MODEL_STORE_AWS_BUCKET", "models"),
                        entry("modelstore.uri", root.toUri().toString()));
    }

    /** Every property the endpoint shows, by name (the application's own, in defaultProperties, come last and win). */
    private static Map<String, Object> values(EnvironmentEndpoint.EnvironmentDescriptor descriptor) {
        Map<String, Object> values = new HashMap<>();
        descriptor
                .getPropertySources()
                .forEach(source -> source.getProperties().forEach((name, value) -> values.put(name, value.getValue())));
        return values;
    }
}

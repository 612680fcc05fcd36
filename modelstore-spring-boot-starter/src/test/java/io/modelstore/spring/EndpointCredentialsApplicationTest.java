package io.modelstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.modelstore.aws.S3ProxyServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application of {@link ActuatorApplicationTest} on S3Proxy with an endpoint that holds credentials, given as a
 * property, in {@code modelstore.uri} (percent-encoded or not) or as the SDK's system property: it does not start, and
 * says why with the endpoint masked; the password is neither in its error nor in its health details.
 */
class EndpointCredentialsApplicationTest {

    private static final String PASSWORD = "Pa55w0rdDoNotPrint";

    @RegisterExtension
    static final S3ProxyServer s3 = new S3ProxyServer();

    @Test
    void anApplicationRefusesAnEndpointWithCredentialsAndNeverShowsThem() {
        String bucket = s3.newBucket();
        String endpoint = "http://u:" + PASSWORD + "@127.0.0.1:" + s3.port();
        List<List<String>> configurations = List.of(
                List.of(
                        "modelstore.storage=aws-s3",
                        "modelstore.aws-s3.bucket=" + bucket,
                        "modelstore.aws-s3.region=us-east-1",
                        "modelstore.aws-s3.endpoint=" + endpoint),
                List.of("modelstore.uri=s3://" + bucket + "?region=us-east-1&endpoint="
                        + URLEncoder.encode(endpoint, StandardCharsets.UTF_8)),
                List.of("modelstore.uri=s3://" + bucket + "?region=us-east-1&endpoint=" + endpoint),
                List.of("modelstore.uri=s3://" + bucket + "?region=us-east-1", "aws.endpointUrlS3=" + endpoint));
        for (List<String> properties : configurations) {
            List<String> shown = new ArrayList<>();
            Throwable refused = catchThrowable(() -> {
                try (ConfigurableApplicationContext context = start(properties)) {
                    IndicatedHealthDescriptor health = (IndicatedHealthDescriptor)
                            context.getBean(HealthEndpoint.class).healthForPath("modelstore");
                    shown.add(String.valueOf(health.getDetails()));
                }
            });
            assertThat(String.join("\n", shown))
                    .as("the health details with %s", properties)
                    .doesNotContain(PASSWORD);
            assertThat(refused).as("%s", properties).isNotNull();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).as("%s", properties).doesNotContain(PASSWORD);
            }
            assertThat(rootCause(refused).getMessage())
                    .as("%s", properties)
                    .contains("****@127.0.0.1:" + s3.port())
                    .contains("credentials");
        }
    }

    private static ConfigurableApplicationContext start(List<String> properties) {
        List<String> all = new ArrayList<>(properties);
        all.add("modelstore.health.cache-ttl=0s");
        String sdkProperty = properties.stream()
                .filter(p -> p.startsWith("aws."))
                .findFirst()
                .orElse(null);
        // The SDK reads its endpoint from the JVM's system properties, not from Spring's.
        if (sdkProperty != null) {
            System.setProperty(
                    sdkProperty.substring(0, sdkProperty.indexOf('=')),
                    sdkProperty.substring(sdkProperty.indexOf('=') + 1));
        }
        try {
            return new SpringApplicationBuilder(ActuatorApplicationTest.Application.class)
                    .web(WebApplicationType.NONE)
                    .properties(all.toArray(String[]::new))
                    .run();
        } finally {
            if (sdkProperty != null) {
                System.clearProperty(sdkProperty.substring(0, sdkProperty.indexOf('=')));
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

package com.example.scoring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A scoring service on Spring Boot: {@code POST /predict} with {@code {"rows": [[...], ...]}} answers with the
 * class-1 probabilities of the churn model that serves now. The starter gives the {@code ModelStore}, the
 * {@code LiveModel} named {@code churn} (application.properties), the {@code modelstore} health component and the
 * {@code modelstore.*} meters.
 *
 * <pre>
 * MODELSTORE_URI=file:///srv/models mvn spring-boot:run
 * curl -d '{"rows": [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]]}' -H 'Content-Type: application/json' http://127.0.0.1:8080/predict
 * curl http://127.0.0.1:8080/actuator/health/modelstore
 * </pre>
 */
@SpringBootApplication
public class ScoringApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScoringApplication.class, args);
    }
}

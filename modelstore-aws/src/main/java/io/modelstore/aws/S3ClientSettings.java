package io.modelstore.aws;

import io.modelstore.spi.Endpoints;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an {@link S3Storage.Builder} was given, as the AWS SDK's client takes it: opens that client, refusing first
 * what the SDK would take wrongly or show (an endpoint with credentials or without a host), and checks the bucket.
 *
 * @param credentials null: the SDK's default chain
 * @param minio       whether the storage was opened as MinIO (its credentials come from other settings)
 * @param backendName how messages name the service, such as {@code AWS S3} or {@code MinIO}
 */
record S3ClientSettings(
        String bucket,
        String region,
        URI endpointOverride,
        Boolean forcePathStyle,
        AwsCredentialsProvider credentials,
        int parallelism,
        boolean minio,
        String backendName) {

    /** Where requests go, for messages: the endpoint given, the one the SDK finds itself, or AWS in the region. */
    String endpointDescription(Map<String, String> env) {
        if (endpointOverride != null) {
            return endpointOverride.toString();
        }
        S3Endpoint configured = S3Endpoint.configured(env);
        return configured != null
                ? configured.value() + " (from " + configured.origin() + ")"
                : "AWS S3" + (region == null ? "" : " in " + region);
    }

    /**
     * The SDK's client for these settings; no request is made.
     *
     * @throws StorageException for an endpoint with credentials (user info) or without a scheme and host, or a client
     *                          the SDK cannot build (no region, no credentials provider)
     */
    S3Client open() {
        refuseEndpointCredentials();
        if (endpointOverride != null && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "Invalid S3 endpoint '" + endpointOverride
                            + "': give a URL with a scheme and a host, such as http://127.0.0.1:9000.",
                    "endpoint",
                    null);
        }
        S3ClientBuilder client = S3Client.builder()
                .credentialsProvider(
                        credentials != null
                                ? credentials
                                : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(parallelism * 2 + 8));
        if (region != null) {
            client.region(endpointOverride == null ? S3Names.region(region) : Region.of(region));
        } else if (endpointOverride != null) {
            client.region(Region.US_EAST_1); // S3-compatible servers ignore it, but SigV4 needs one
        }
        if (endpointOverride != null) {
            client.endpointOverride(endpointOverride)
                    .forcePathStyle(forcePathStyle == null || forcePathStyle)
                    // Most S3-compatible servers do not take the newer trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        } else if (forcePathStyle != null) {
            client.forcePathStyle(forcePathStyle);
        }
        try {
            return client.build();
        } catch (SdkClientException e) {
            throw S3Errors.classify(
                    e,
                    bucket,
                    endpointDescription(System.getenv()),
                    r -> StorageException.because(r).setUp(backendName));
        }
    }

    /** Checks, with one request of {@code s3}, that the bucket exists here and these credentials may use it. */
    void checkBucket(S3Client s3, String endpoint) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // a HEAD has no body, so no NoSuchBucket code
                throw StorageException.because(Reason.CONTAINER_NOT_FOUND)
                        .setUp(backendName)
                        .container("bucket", bucket)
                        .endpoint(endpoint)
                        .setting("bucket")
                        .cause(e)
                        .build();
            }
            if (e.statusCode() == 301) {
                String actual = e.awsErrorDetails() == null
                        ? null
                        : e.awsErrorDetails()
                                .sdkHttpResponse()
                                .firstMatchingHeader("x-amz-bucket-region")
                                .orElse(null);
                throw new StorageException(
                        Reason.INVALID_SETTINGS,
                        "Failed to set up the " + backendName + " storage: bucket '"
                                + bucket + "' is in another region" + (actual == null ? "" : ", " + actual)
                                + ". Give that region instead.",
                        "region",
                        e);
            }
            throw S3Errors.classify(
                    e, bucket, endpoint, r -> StorageException.because(r).setUp(backendName));
        } catch (SdkException e) {
            throw S3Errors.classify(
                    e, bucket, endpoint, r -> StorageException.because(r).setUp(backendName));
        }
    }

    /**
     * Refuses an endpoint with credentials, given or found by the SDK: they would be shown wherever this
     * storage is described, and the SDK signs with its own credentials anyway.
     */
    private void refuseEndpointCredentials() {
        String where = minio
                ? "through MINIO_ACCESS_KEY and MINIO_SECRET_KEY"
                : "as the AWS SDK reads them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, a role) or "
                        + "with credentialsProvider(...)";
        if (endpointOverride != null) {
            Endpoints.requireNoUserInfo(
                    endpointOverride.toString(), "The " + backendName + " endpoint", "endpoint", where);
            return;
        }
        S3Endpoint configured = S3Endpoint.configured(System.getenv());
        if (configured != null) {
            Endpoints.requireNoUserInfo(
                    configured.value(),
                    "The " + backendName + " endpoint (from " + configured.origin() + ")",
                    "endpoint",
                    where);
        }
    }

    // Not the record's own: that would show the credentials provider, and with it static keys' ids.
    @Override
    public String toString() {
        return "S3ClientSettings[" + backendName + ", bucket " + bucket + ", " + endpointDescription(System.getenv())
                + "]";
    }
}

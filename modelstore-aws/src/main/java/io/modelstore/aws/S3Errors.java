package io.modelstore.aws;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageSupport;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The one place that classifies the AWS SDK's exceptions into {@link Reason}s; never with a secret in a message. */
final class S3Errors {

    static final String CREDENTIALS_HINT = "Provide them in one of these ways: "
            + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones); "
            + "run 'aws configure' to write ~/.aws/credentials; set AWS_PROFILE to a profile of ~/.aws/config; "
            + "or run with a role (EC2 instance profile, ECS task role, or EKS web identity through "
            + "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN).";
    static final String PERMISSIONS = "s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject";

    private S3Errors() {}

    /**
     * A failed request, classified.
     *
     * @param failure starts the message: a builder on which {@code cannot(...)} or {@code setUp(...)} is called
     */
    static StorageException classify(SdkException e, String bucket, String endpoint, Failure failure) {
        if (e instanceof SdkClientException) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Unable to load credentials")) {
                return failure.start(Reason.NO_CREDENTIALS)
                        .detail("AWS")
                        .hint(CREDENTIALS_HINT)
                        .cause(e)
                        .build();
            }
            if (message.contains("Unable to load region")) {
                return failure.start(Reason.INVALID_SETTINGS)
                        .detail("no AWS region was given or found")
                        .setting("region")
                        .hint("Give the setting 'region', such as eu-central-1, or set AWS_REGION, or a region in "
                                + "~/.aws/config.")
                        .cause(e)
                        .build();
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof javax.net.ssl.SSLException) {
                    return failure.start(Reason.UNREACHABLE)
                            .endpoint(endpoint)
                            .detail(t.toString())
                            .hint("https to an endpoint that speaks http (for MinIO on :9000, give secure=false), or a "
                                    + "certificate this JVM does not trust")
                            .cause(e)
                            .build();
                }
            }
            Throwable network = StorageSupport.networkCause(e);
            if (network != null) {
                return failure.start(Reason.UNREACHABLE)
                        .endpoint(endpoint)
                        .detail(network.toString())
                        .hint("a wrong region, a wrong endpoint override (host, port, http or https)")
                        .cause(e)
                        .build();
            }
            return failure.start(Reason.TRANSIENT).detail(message).cause(e).build();
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String detail = "HTTP " + status + (code == null ? "" : ", " + code);
            if (status == 401 || status == 403) {
                return failure.start(Reason.ACCESS_DENIED)
                        .container("bucket", bucket)
                        .detail(detail)
                        .hint(PERMISSIONS)
                        .cause(e)
                        .build();
            }
            if (status == 404 && "NoSuchBucket".equals(code)) {
                return failure.start(Reason.CONTAINER_NOT_FOUND)
                        .container("bucket", bucket)
                        .endpoint(endpoint)
                        .detail(detail)
                        .setting("bucket")
                        .cause(e)
                        .build();
            }
            if (status == 429 || status >= 500 || "SlowDown".equals(code)) {
                return failure.start(Reason.TRANSIENT).detail(detail).cause(e).build();
            }
            String said =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            return failure.start(Reason.OTHER)
                    .detail(detail + (said == null ? "" : ": " + said))
                    .endpoint(endpoint)
                    .hint("check the bucket's settings and the endpoint " + endpoint)
                    .cause(e)
                    .build();
        }
        return failure.start(Reason.OTHER)
                .detail(String.valueOf(e.getMessage()))
                .endpoint(endpoint)
                .cause(e)
                .build();
    }

    /** Whether a 404 is S3's {@code NoSuchBucket}, a failure of its own, rather than a missing key. */
    static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null
                && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    /** A failed operation on {@code key} of {@code bucket}. */
    static StorageException operation(SdkException e, String action, String bucket, String key, String endpoint) {
        return classify(
                e,
                bucket,
                endpoint,
                reason -> StorageException.because(reason).cannot(action, "s3://" + bucket + "/" + key));
    }

    /** How the message of a failure starts. */
    interface Failure {
        StorageException.Builder start(Reason reason);
    }
}

package io.modelstore.aws;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageSupport;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;


/** Turns the SDK's exceptions into messages that say what is wrong and what to do; never a secret. */
final class S3Errors {

    static final String NO_CREDENTIALS = "No AWS credentials were found. Provide them in one of these ways: "
            + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones); "
            + "run 'aws configure' to write ~/.aws/credentials; set AWS_PROFILE to a profile of ~/.aws/config; "
            + "or run with a role (EC2 instance profile, ECS task role, or EKS web identity through "
            + "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN).";

    private S3Errors() {
    }

    /** True for an error that no request reached the server with: credentials, network. */
    static StorageException clientSide(SdkClientException e, String endpoint) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return new StorageException(NO_CREDENTIALS, e);
        }
        if (message.contains("Unable to load region")) {
            return new StorageException("No AWS region was given or found. Pass one, such as "
                    + "ModelStore.fromAwsS3(bucket, \"eu-central-1\"), or set MODEL_STORE_REGION or AWS_REGION, "
                    + "or a region in ~/.aws/config.", e);
        }
        Throwable network = StorageSupport.networkCause(e);
        if (network != null) {
            return new StorageException("Cannot reach the S3 endpoint " + endpoint + " (" + network + "). Likely causes: "
                    + "a wrong region, a wrong endpoint override (host, port, http or https), or no network route or "
                    + "proxy to it from here.", e);
        }
        return null;
    }

    /** A failed operation on {@code key} of {@code bucket}. */
    static StorageException operation(SdkException e, String action, String bucket, String key, String endpoint) {
        if (e instanceof SdkClientException client) {
            StorageException known = clientSide(client, endpoint);
            if (known != null) {
                return known;
            }
        }
        String where = "s3://" + bucket + "/" + key;
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String detail = " (HTTP " + status + (code == null ? "" : ", " + code) + ")";
            if (status == 403) {
                return new StorageException("Cannot " + action + " " + where + ": access denied" + detail
                        + ". Check that these credentials may read, write, list and delete in bucket '" + bucket + "'.", e);
            }
            if (status == 404 && "NoSuchBucket".equals(code)) {
                return new StorageException("Cannot " + action + " " + where + ": bucket '" + bucket
                        + "' does not exist" + detail + ". Create it, or fix the bucket name.", e);
            }
            return new StorageException("Cannot " + action + " " + where + detail + ": " + s3.awsErrorDetails().errorMessage()
                    + ". Try again; if it persists, check the bucket's settings and the endpoint " + endpoint + ".", e);
        }
        return new StorageException("Cannot " + action + " " + where + ": " + e.getMessage()
                + ". Try again; if it persists, check the endpoint " + endpoint + " and the network.", e);
    }
}

package io.modelstore.aws;

import io.modelstore.spi.WriteCondition;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The requests that make a blob visible, under a {@link WriteCondition}: {@code If-None-Match: *} to create, {@code
 * If-Match: <etag>} to replace one version, on a {@code PutObject} or on the completion of a multipart upload. A
 * condition that does not hold is {@code false}, not a failure, so concurrent writers cannot overwrite each other.
 */
record S3ConditionalWrites(S3Client s3, String bucket, String endpoint) {

    private static final int CONFLICT_RETRIES = 5;

    /** One {@code PutObject} of {@code body}; {@code false} when the condition does not hold. */
    boolean put(String key, RequestBody body, WriteCondition condition) {
        return run(key, () -> {
            s3.putObject(
                    r -> r.bucket(bucket)
                            .key(key)
                            .ifNoneMatch(ifNoneMatch(condition))
                            .ifMatch(condition.expectedVersion()),
                    body);
            return true;
        });
    }

    /** Runs a conditional request: a failed precondition is {@code false}; a conflict between racing writers is retried. */
    boolean run(String key, Supplier<Boolean> request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return request.get();
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return false;
                }
                if (e.statusCode() == 404 && !S3Errors.isNoSuchBucket(e) && !isNoSuchUpload(e)) {
                    return false; // If-Match on a key that is gone
                }
                if (e.statusCode() == 409 && attempt < CONFLICT_RETRIES) {
                    continue; // ConditionalRequestConflict: another conditional write was in flight
                }
                throw S3Errors.operation(e, "write", bucket, key, endpoint);
            } catch (SdkException e) {
                throw S3Errors.operation(e, "write", bucket, key, endpoint);
            }
        }
    }

    /** The {@code If-None-Match} header of {@code condition}: {@code *} to create, none otherwise. */
    static String ifNoneMatch(WriteCondition condition) {
        return condition.isIfAbsent() ? "*" : null;
    }

    // A multipart upload aborted under us (by a repair, or a lifecycle rule) is a failure, not a lost condition.
    private static boolean isNoSuchUpload(S3Exception e) {
        return e.awsErrorDetails() != null
                && "NoSuchUpload".equals(e.awsErrorDetails().errorCode());
    }
}

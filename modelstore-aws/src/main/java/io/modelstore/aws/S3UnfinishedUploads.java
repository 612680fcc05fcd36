package io.modelstore.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * The multipart uploads that a crashed writer left: begun, never completed or aborted. S3 keeps (and bills) their
 * parts until they are aborted; {@code check} lists them and {@code check --repair} aborts them.
 */
record S3UnfinishedUploads(S3Client s3, String bucket, String endpoint) {

    /** Each upload below {@code prefix} begun before {@code before} and idle since, in words. */
    List<String> describe(String prefix, Instant before) {
        return unfinishedUploads(prefix, before).stream()
                .map(u -> "the unfinished multipart upload " + u.uploadId() + " of s3://" + bucket + "/" + u.key()
                        + ", begun " + u.initiated())
                .toList();
    }

    /** Aborts each of them; one that finished or was aborted meanwhile is no error. */
    void abort(String prefix, Instant before) {
        for (MultipartUpload upload : unfinishedUploads(prefix, before)) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            } catch (NoSuchUploadException e) {
                // finished or aborted meanwhile
            } catch (SdkException e) {
                throw S3Errors.operation(e, "abort the multipart upload of", bucket, upload.key(), endpoint);
            }
        }
    }

    /** Whether no part of the upload went up after {@code before}: a long upload still sending is left alone. */
    private boolean idleSince(MultipartUpload upload, Instant before) {
        try {
            return s3
                    .listPartsPaginator(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))
                    .parts()
                    .stream()
                    .noneMatch(
                            p -> p.lastModified() != null && !p.lastModified().isBefore(before));
        } catch (NoSuchUploadException e) {
            return false; // finished or aborted meanwhile
        }
    }

    private List<MultipartUpload> unfinishedUploads(String prefix, Instant before) {
        try {
            List<MultipartUpload> found = new ArrayList<>();
            s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))
                    .uploads()
                    .forEach(u -> {
                        if ((u.initiated() == null || u.initiated().isBefore(before)) && idleSince(u, before)) {
                            found.add(u);
                        }
                    });
            return found;
        } catch (SdkException e) {
            throw S3Errors.operation(e, "list the multipart uploads of", bucket, prefix + "*", endpoint);
        }
    }
}

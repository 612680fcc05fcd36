package io.modelstore.aws;

import io.modelstore.spi.PiecewiseBlobOutput;
import io.modelstore.spi.WriteCondition;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A streamed S3 write: a blob of at most one part is one conditional {@code PutObject} at the commit; a larger one is
 * a multipart upload whose parts go up as they fill, {@code parallelism} at a time, while the caller writes the next.
 * The condition applies on completion, so nothing is visible before the commit; an abandoned or failed write aborts
 * its upload (S3 keeps the parts of an unfinished one, and bills them).
 */
final class S3BlobOutput extends PiecewiseBlobOutput {

    private final S3ConditionalWrites writes;
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final WriteCondition condition;
    private final Map<Integer, String> etags = new ConcurrentHashMap<>();
    private String uploadId;

    S3BlobOutput(S3ConditionalWrites writes, String key, WriteCondition condition, long partSize, int parallelism) {
        super("s3://" + writes.bucket() + "/" + key, partSize, S3Storage.MIN_PART_SIZE, parallelism, parallelism);
        this.writes = writes;
        this.s3 = writes.s3();
        this.bucket = writes.bucket();
        this.key = key;
        this.condition = condition;
    }

    @Override
    protected void send(int index, ByteBuffer piece) {
        String id = uploadId();
        int length = piece.remaining();
        try {
            String etag = s3.uploadPart(
                            r -> r.bucket(bucket)
                                    .key(key)
                                    .uploadId(id)
                                    .partNumber(index + 1)
                                    .contentLength((long) length),
                            body(piece))
                    .eTag();
            etags.put(index, etag);
        } catch (SdkException e) {
            throw S3Errors.operation(e, "upload a part of", bucket, key, writes.endpoint());
        }
    }

    @Override
    protected boolean writeWhole(ByteBuffer content) {
        return writes.put(key, body(content), condition);
    }

    @Override
    protected boolean commitPieces(int count) {
        List<CompletedPart> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(
                    CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        }
        String id = uploadId();
        return writes.run(key, () -> {
            s3.completeMultipartUpload(r -> r.bucket(bucket)
                    .key(key)
                    .uploadId(id)
                    .ifNoneMatch(S3ConditionalWrites.ifNoneMatch(condition))
                    .ifMatch(condition.expectedVersion())
                    .multipartUpload(m -> m.parts(parts)));
            return true;
        });
    }

    @Override
    protected void abandon() {
        String id;
        synchronized (this) {
            id = uploadId;
        }
        if (id == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id));
        } catch (SdkException ignored) {
            // completed meanwhile, or unreachable: a store check lists and removes unfinished uploads
        }
    }

    // Begun by whichever part goes first.
    private synchronized String uploadId() {
        if (uploadId == null) {
            try {
                uploadId =
                        s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            } catch (SdkException e) {
                throw S3Errors.operation(e, "start a multipart upload of", bucket, key, writes.endpoint());
            }
        }
        return uploadId;
    }

    // Replayable without a copy: each attempt of the SDK reads the same bytes again.
    private static RequestBody body(ByteBuffer content) {
        byte[] array = content.array();
        int offset = content.arrayOffset() + content.position();
        int length = content.remaining();
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(array, offset, length), length, "application/octet-stream");
    }
}

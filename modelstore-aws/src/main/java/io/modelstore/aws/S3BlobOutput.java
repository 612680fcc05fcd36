package io.modelstore.aws;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A streamed S3 write. Up to the multipart threshold the bytes are held in memory and sent with one conditional
 * {@code PutObject} on commit. Past it, a multipart upload begins and each part goes up as soon as it is full, at most
 * {@code parallelism} at a time, while the caller writes the next: the writer waits only when that many are in flight,
 * so memory stays at {@code parallelism + 1} parts whatever the size. The condition applies on completion, so nothing
 * is visible before the commit; an abandoned or failed write aborts its upload.
 */
final class S3BlobOutput extends BlobOutput {

    private final S3Storage storage;
    private final S3Client s3;
    private final ExecutorService pool;
    private final String bucket;
    private final String key;
    private final WriteCondition condition;
    private final int partSize;
    private final int threshold;
    private final Semaphore inFlight;
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>(); // part buffers back from the pool, reused
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private String uploadId;
    private boolean closed;

    S3BlobOutput(S3Storage storage, S3Client s3, ExecutorService pool, String key, WriteCondition condition,
                 long multipartThreshold, long partSize, int parallelism) {
        this.storage = storage;
        this.s3 = s3;
        this.pool = pool;
        this.bucket = storage.bucket();
        this.key = key;
        this.condition = condition;
        this.partSize = (int) Math.min(partSize, Integer.MAX_VALUE - 16);
        this.inFlight = new Semaphore(parallelism);
        // Grows as needed up to the threshold: a model of a few KiB does not cost megabytes.
        this.buffer = new byte[(int) Math.min(64 << 10, Math.max(multipartThreshold, this.partSize))];
        this.threshold = (int) Math.min(Math.max(multipartThreshold, this.partSize), Integer.MAX_VALUE - 16);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        requireOpen();
        while (len > 0) {
            if (filled == buffer.length) {
                if (uploadId == null && buffer.length < threshold) {
                    buffer = java.util.Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, threshold));
                } else {
                    sendFullParts();
                }
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public boolean commit() {
        requireOpen();
        closed = true;
        boolean completed = false;
        try {
            if (uploadId == null) {
                byte[] content = buffer;
                int length = filled;
                completed = storage.put(key, RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length),
                        length, "application/octet-stream"), condition);
                return completed;
            }
            if (filled > 0) {
                send(buffer, 0, filled);
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> part : parts) {
                done.add(await(part));
            }
            completed = storage.conditional(key, () -> {
                s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .ifNoneMatch(condition.isIfAbsent() ? "*" : null).ifMatch(condition.expectedVersion())
                        .multipartUpload(m -> m.parts(done)));
                return true;
            });
            return completed;
        } finally {
            if (!completed) {
                abort();
            }
            buffer = null;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            abort();
            buffer = null;
        }
    }

    /** Sends every whole part in the buffer and keeps the rest (only the first, threshold-sized buffer has more than one). */
    private void sendFullParts() {
        if (uploadId == null) {
            try {
                uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            } catch (SdkException e) {
                throw S3Errors.operation(e, "start a multipart upload of", bucket, key, storage.endpoint());
            }
        }
        byte[] full = buffer;
        int at = 0;
        while (filled - at >= partSize) {
            send(full, at, partSize);
            at += partSize;
        }
        byte[] next = takeSpare();
        System.arraycopy(full, at, next, 0, filled - at);
        filled -= at;
        buffer = next;
    }

    private byte[] takeSpare() {
        synchronized (spare) {
            byte[] reused = spare.poll();
            return reused != null ? reused : new byte[partSize];
        }
    }

    /** Hands {@code content[offset, offset + length)} to the pool as the next part; waits while the pool is full. */
    private void send(byte[] content, int offset, int length) {
        failFast();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.OTHER, "Interrupted while uploading s3://" + bucket + "/" + key
                    + ": the upload was abandoned", e);
        }
        int number = parts.size() + 1;
        String id = uploadId;
        try {
            parts.add(pool.submit(() -> {
                try {
                    String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(number)
                                    .contentLength((long) length),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, offset, length), length,
                                    "application/octet-stream")).eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                } finally {
                    if (offset + length == content.length && content.length == partSize) {
                        synchronized (spare) {
                            spare.push(content); // this part was the last user of its buffer
                        }
                    }
                    inFlight.release();
                }
            }));
        } catch (RuntimeException e) {
            inFlight.release();
            throw new StorageException(Reason.OTHER, "Cannot upload s3://" + bucket + "/" + key + ": the storage is closed", e);
        }
    }

    // A part that failed fails the write at the next part, not only at the commit.
    private void failFast() {
        for (Future<CompletedPart> part : parts) {
            if (part.isDone()) {
                await(part);
            }
        }
    }

    private CompletedPart await(Future<CompletedPart> part) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw S3Errors.operation(sdk, "upload a part of", bucket, key, storage.endpoint());
            }
            throw new StorageException(Reason.OTHER, "Cannot upload s3://" + bucket + "/" + key + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Reason.OTHER, "Interrupted while uploading s3://" + bucket + "/" + key
                    + ": the upload was abandoned", e);
        }
    }

    /** Waits for the parts in flight, then aborts: a part that lands after an abort would keep the upload alive. */
    private void abort() {
        if (uploadId == null) {
            return;
        }
        for (Future<CompletedPart> part : parts) {
            try {
                part.get();
            } catch (Exception ignored) {
                // failed or interrupted: the abort below still goes out
            }
        }
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
            // completed meanwhile, or unreachable: a store check lists and removes unfinished uploads
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The write of s3://" + bucket + "/" + key + " was already committed or closed");
        }
    }
}

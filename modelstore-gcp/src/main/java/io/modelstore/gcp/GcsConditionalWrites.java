package io.modelstore.gcp;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.util.stream.Stream;

/**
 * Writes under a {@link WriteCondition}: the condition as a generation precondition of the request (create-new as
 * generation 0, compare-and-swap as the generation seen), and a failed precondition (HTTP 412) as {@code false}, so
 * concurrent writers cannot overwrite each other. What {@link GcsStorage}'s writes and {@link GcsBlobOutput} share.
 */
record GcsConditionalWrites(com.google.cloud.storage.Storage gcs, String bucket, GcsErrors errors) {

    enum Precondition {
        NONE,
        DOES_NOT_EXIST,
        GENERATION_MATCH
    }

    /** Where a conditional write goes: the object (with the expected generation) and the precondition to send. */
    record Target(com.google.cloud.storage.BlobInfo info, Precondition precondition) {}

    interface Upload {
        void send(com.google.cloud.storage.BlobInfo info, Precondition precondition) throws IOException;
    }

    interface Request {
        void run() throws IOException;
    }

    static BlobTargetOption[] targetOptions(Precondition precondition, BlobTargetOption... more) {
        BlobTargetOption condition = switch (precondition) {
            case DOES_NOT_EXIST -> BlobTargetOption.doesNotExist();
            case GENERATION_MATCH -> BlobTargetOption.generationMatch();
            case NONE -> null;
        };
        return condition == null
                ? more
                : Stream.concat(Stream.of(condition), Stream.of(more)).toArray(BlobTargetOption[]::new);
    }

    /** The options of a resumable upload: the precondition, and no gzip on the way (the archives are gzip already). */
    static BlobWriteOption[] writeOptions(Precondition precondition) {
        return switch (precondition) {
            case DOES_NOT_EXIST ->
                new BlobWriteOption[] {BlobWriteOption.doesNotExist(), BlobWriteOption.disableGzipContent()};
            case GENERATION_MATCH ->
                new BlobWriteOption[] {BlobWriteOption.generationMatch(), BlobWriteOption.disableGzipContent()};
            case NONE -> new BlobWriteOption[] {BlobWriteOption.disableGzipContent()};
        };
    }

    /** What every whole write shares: the condition as a generation precondition, and a failed precondition as false. */
    boolean upload(String key, WriteCondition condition, Upload upload) {
        Target target = target(key, condition);
        return target != null && sent(key, () -> upload.send(target.info(), target.precondition()));
    }

    /** The condition as a generation precondition; {@code null} when the expected version is no generation (it never holds). */
    Target target(String key, WriteCondition condition) {
        BlobId id = BlobId.of(bucket, key);
        Precondition precondition = Precondition.NONE;
        if (condition.isIfAbsent()) {
            precondition = Precondition.DOES_NOT_EXIST;
        } else if (condition.expectedVersion() != null) {
            Long generation = generation(condition.expectedVersion());
            if (generation == null) {
                return null;
            }
            id = BlobId.of(bucket, key, generation);
            precondition = Precondition.GENERATION_MATCH;
        }
        return new Target(com.google.cloud.storage.BlobInfo.newBuilder(id).build(), precondition);
    }

    /** Runs a write's request: a failed precondition (412) is {@code false}, any other failure a translated one. */
    boolean sent(String key, Request request) {
        try {
            request.run();
            return true;
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 412) {
                return false;
            }
            throw errors.failure("write", key, e);
        } catch (IOException e) {
            throw new StorageException(
                    Reason.LOCAL_IO, "Cannot read the file to upload it to gs://" + bucket + "/" + key + ": " + e, e);
        } catch (RuntimeException e) {
            throw errors.failure("write", key, e);
        }
    }

    private static Long generation(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

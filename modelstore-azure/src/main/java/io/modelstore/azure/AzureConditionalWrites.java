package io.modelstore.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import java.nio.file.Path;

/**
 * The uploads that make a blob visible, under a {@link WriteCondition}: {@code If-None-Match: *} to create, {@code
 * If-Match: <etag>} to replace one version, on a whole upload or on the commit of a block list. A condition that does
 * not hold is {@code false}, not a failure, so concurrent writers cannot overwrite each other. What {@link
 * AzureBlobStorage}'s writes and {@link AzureBlobOutput} share.
 *
 * @param transfer  the block size and parallelism of whole uploads
 * @param described the storage as messages name it, such as {@code azure://ACCOUNT/models}
 */
record AzureConditionalWrites(
        BlobContainerClient container, ParallelTransferOptions transfer, AzureErrors errors, String described) {

    /** One upload of content held in memory (a single request up to the block size). */
    boolean upload(String key, BinaryData content, WriteCondition condition) {
        BlobClient blob = container.getBlobClient(key);
        return conditional(
                key,
                () -> blob.uploadWithResponse(
                        new BlobParallelUploadOptions(content)
                                .setParallelTransferOptions(transfer)
                                .setRequestConditions(conditions(condition)),
                        null,
                        null));
    }

    /** One upload of a file, its blocks read as they are sent. */
    boolean upload(String key, Path source, WriteCondition condition) {
        BlobClient blob = container.getBlobClient(key);
        return conditional(
                key,
                () -> blob.uploadFromFileWithResponse(
                        new BlobUploadFromFileOptions(source.toString())
                                .setParallelTransferOptions(transfer)
                                .setRequestConditions(conditions(condition)),
                        null,
                        null));
    }

    static BlobRequestConditions conditions(WriteCondition condition) {
        BlobRequestConditions conditions = new BlobRequestConditions();
        if (condition.isIfAbsent()) {
            conditions.setIfNoneMatch("*");
        } else if (condition.expectedVersion() != null) {
            conditions.setIfMatch(condition.expectedVersion());
        }
        return conditions;
    }

    /** A failed condition (409 BlobAlreadyExists, 412 ConditionNotMet, 404 for If-Match on a missing blob) is {@code false}. */
    boolean conditional(String key, Runnable upload) {
        try {
            upload.run();
            return true;
        } catch (BlobStorageException e) {
            int status = e.getStatusCode();
            if (status == 412
                    || (status == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode()))
                    || AzureErrors.isBlobMissing(e)) {
                return false;
            }
            throw failure(key, e);
        } catch (RuntimeException e) {
            throw failure(key, e);
        }
    }

    /** A failure to write the blob {@code key}. */
    StorageException failure(String key, RuntimeException e) {
        return errors.failure("write", key, e, described);
    }
}

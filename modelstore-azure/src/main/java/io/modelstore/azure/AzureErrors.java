package io.modelstore.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageSupport;
import java.util.function.Function;

/** The one place that turns the SDK's exceptions into {@link StorageException}s with a {@link Reason} and a remedy. */
record AzureErrors(String container, String endpoint) {

    /** A missing blob, not a missing container (also a 404, and a failure wherever it occurs). */
    static boolean isBlobMissing(BlobStorageException e) {
        return e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode());
    }

    /** A failure to {@code action} the blob {@code key} of the storage {@code described}. */
    StorageException failure(String action, String key, RuntimeException e, String described) {
        return classify(e, reason -> StorageException.because(reason).cannot(action, described + "/" + key));
    }

    /** {@code e} classified, its message begun by {@code start}. */
    StorageException classify(RuntimeException e, Function<Reason, StorageException.Builder> start) {
        Throwable network = StorageSupport.networkCause(e);
        if (network != null) {
            return start.apply(Reason.UNREACHABLE)
                    .endpoint(endpoint)
                    .detail(network.getClass().getName()
                            + (network.getMessage() == null ? "" : ": " + network.getMessage()))
                    .hint("a wrong account name or BlobEndpoint in the connection string")
                    .cause(e)
                    .build();
        }
        if (e instanceof BlobStorageException b) {
            int status = b.getStatusCode();
            String detail = "HTTP " + status + ", " + b.getErrorCode();
            if (status == 401 || status == 403) {
                return start.apply(Reason.ACCESS_DENIED)
                        .container("container", container)
                        .detail(detail)
                        .hint("the account key, SAS token or identity may be wrong, expired or lack permissions")
                        .cause(e)
                        .build();
            }
            if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode())) {
                return start.apply(Reason.CONTAINER_NOT_FOUND)
                        .container("container", container)
                        .endpoint(endpoint)
                        .detail(detail)
                        .hint("'az storage container create --name " + container + "'")
                        .setting("container")
                        .cause(e)
                        .build();
            }
            if (status == 429 || status >= 500) {
                return start.apply(Reason.TRANSIENT).detail(detail).cause(e).build();
            }
            return start.apply(Reason.OTHER)
                    .detail(detail)
                    .hint("check the container's settings")
                    .cause(e)
                    .build();
        }
        return start.apply(Reason.OTHER)
                .endpoint(endpoint)
                .detail(e.getClass().getName())
                .cause(e)
                .build();
    }
}

package io.modelstore.gcp;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageSupport;
import java.util.function.Function;

/** The one place that turns the client's exceptions into {@link StorageException}s with a {@link Reason} and a remedy. */
record GcsErrors(String bucket, String host, boolean anonymous) {

    /** A failure to {@code action} the blob {@code key}. */
    StorageException failure(String action, String key, RuntimeException e) {
        return classify(e, reason -> StorageException.because(reason).cannot(action, "gs://" + bucket + "/" + key));
    }

    /** {@code e} classified, its message begun by {@code start}. */
    StorageException classify(RuntimeException e, Function<Reason, StorageException.Builder> start) {
        Throwable network = StorageSupport.networkCause(e);
        if (network != null) {
            return start.apply(Reason.UNREACHABLE)
                    .endpoint(host)
                    .detail(network.toString())
                    .cause(e)
                    .build();
        }
        if (e instanceof com.google.cloud.storage.StorageException g) {
            int code = g.getCode();
            // Code 0: the request got no HTTP answer (a connection reset or closed on the way).
            String detail = code == 0
                    ? "no answer from " + host + ": " + (g.getCause() != null ? g.getCause() : g.getMessage())
                    : "HTTP " + code + (g.getReason() == null ? "" : ", " + g.getReason());
            if (code == 401 || code == 403) {
                return start.apply(Reason.ACCESS_DENIED)
                        .container("bucket", bucket)
                        .detail(detail)
                        .hint(
                                anonymous
                                        ? "the bucket is not public: give a project and credentials"
                                        : "roles/storage.objectAdmin")
                        .cause(e)
                        .build();
            }
            if (code == 404) {
                return start.apply(Reason.CONTAINER_NOT_FOUND)
                        .container("bucket", bucket)
                        .endpoint(host)
                        .detail(detail)
                        .hint("'gcloud storage buckets create gs://" + bucket + "'")
                        .setting("bucket")
                        .cause(e)
                        .build();
            }
            if (code == 429 || code >= 500 || g.isRetryable()) {
                return start.apply(Reason.TRANSIENT).detail(detail).cause(e).build();
            }
            return start.apply(Reason.OTHER)
                    .detail(detail + ": " + (g.getMessage() == null ? String.valueOf(g.getCause()) : g.getMessage()))
                    .hint("check the bucket's settings")
                    .cause(e)
                    .build();
        }
        return start.apply(Reason.OTHER)
                .endpoint(host)
                .detail(e.toString())
                .cause(e)
                .build();
    }
}

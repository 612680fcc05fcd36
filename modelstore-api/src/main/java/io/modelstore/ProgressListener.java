package io.modelstore;

/**
 * Hears how far an upload or download has got, for progress bars. Called about once per MiB and at the start and
 * end of each stage, for one transfer from one thread at a time but not always the caller's (a large download is
 * fetched by a thread of its own, an upload's parts are sent by threads of their own); implementations must be quick.
 * A store's own listener ({@link ModelStoreBuilder#progressListener}) may hear several transfers at once. An upload's
 * stages overlap: the archive is sent ({@code uploading}) while it is being written ({@code archiving}), and its
 * {@code uploading} events count the bytes that storage has taken, parts or chunks as each arrives, a retried
 * request counted once.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Hears nothing. */
    ProgressListener NONE = (stage, done, total) -> {};

    /**
     * Hears that {@code done} of {@code total} bytes of a stage of a transfer are done.
     *
     * @param stage {@code archiving} (reading the model's files into the archive), {@code uploading} (the archive
     *              going to storage) or {@code downloading} (the archive coming from storage)
     * @param done  bytes done so far in this stage
     * @param total bytes this stage will take, or -1 when unknown; while an upload's archive is still being written,
     *              its {@code uploading} total is an estimate (from how well the files read so far compressed), exact
     *              once the archive is complete
     */
    void progress(String stage, long done, long total);
}

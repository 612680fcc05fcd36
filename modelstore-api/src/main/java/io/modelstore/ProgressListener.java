package io.modelstore;

/**
 * Hears how far an upload or download has got, for progress bars. Called about once per MiB and at the start and
 * end of each stage, from one thread at a time but not always the caller's (a large download is fetched by a thread
 * of its own); implementations must be quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Hears nothing. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage {@code archiving} (reading the model's files into the archive), {@code uploading} (the archive
     *              going to storage) or {@code downloading} (the archive coming from storage)
     * @param done  bytes done so far in this stage
     * @param total bytes this stage will take, or -1 when unknown
     */
    void progress(String stage, long done, long total);
}

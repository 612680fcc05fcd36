package io.modelstore;

/**
 * Hears how far an upload or download has got, for progress bars. Called from the thread doing the work, about
 * once per MiB and at the start and end of each stage; implementations must be quick.
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

package io.modelstore;

import java.util.Objects;

/**
 * How {@link ModelStore#download(java.nio.file.Path, String, String, DownloadOptions)} extracts a model. Immutable.
 *
 * <pre>{@code
 * store.download(target, "fraud-detector", id, DownloadOptions.defaults().withOverwrite(true));
 * }</pre>
 *
 * <p>Whatever the options, a download never deletes a directory of the target, never writes through a link
 * there, and stops rather than leave less than 64 MiB (or 1% of a smaller file system) free where it extracts.
 */
public final class DownloadOptions {

    /** The limit on a model's expanded size when its metadata records none (Python-written models): 64 GiB. */
    public static final long DEFAULT_MAX_EXPANDED_SIZE = 64L << 30;

    private static final DownloadOptions DEFAULTS =
            new DownloadOptions(false, ProgressListener.NONE, DEFAULT_MAX_EXPANDED_SIZE);

    private final boolean overwrite;
    private final ProgressListener progress;
    private final long maxExpandedSize;

    private DownloadOptions(boolean overwrite, ProgressListener progress, long maxExpandedSize) {
        this.overwrite = overwrite;
        this.progress = progress;
        this.maxExpandedSize = maxExpandedSize;
    }

    /** No overwriting, no progress, and the {@link #DEFAULT_MAX_EXPANDED_SIZE default limit}. */
    public static DownloadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * With {@code true}, a file of the archive replaces a file of the same name in the target; by default the
     * download is refused when any path of the archive exists there. A directory where the archive has a file, or
     * a file or link where it has a directory, is refused either way.
     */
    public DownloadOptions withOverwrite(boolean replaceFiles) {
        return new DownloadOptions(replaceFiles, progress, maxExpandedSize);
    }

    /** Tells {@code listener} how far the download has got. */
    public DownloadOptions withProgress(ProgressListener listener) {
        return new DownloadOptions(overwrite, Objects.requireNonNull(listener, "listener"), maxExpandedSize);
    }

    /**
     * How many bytes a model's files may take once extracted, when its metadata does not record their size (Java
     * records it at upload, and then that size is the limit). Past it the download stops as a likely gzip bomb.
     */
    public DownloadOptions withMaxExpandedSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("The maximum expanded size must be positive, not " + bytes);
        }
        return new DownloadOptions(overwrite, progress, bytes);
    }

    public boolean overwrite() {
        return overwrite;
    }

    public ProgressListener progress() {
        return progress;
    }

    public long maxExpandedSize() {
        return maxExpandedSize;
    }

    @Override
    public String toString() {
        return "DownloadOptions[overwrite=" + overwrite + ", maxExpandedSize=" + maxExpandedSize + "]";
    }
}

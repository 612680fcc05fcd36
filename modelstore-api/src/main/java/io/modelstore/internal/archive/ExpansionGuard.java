package io.modelstore.internal.archive;

import io.modelstore.UnsafeArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Bounds what one extraction writes, so that a gzip bomb cannot fill the disk: the files may not expand past a limit
 * (the size recorded at upload, else the configured one), and the target's file system always keeps a margin free,
 * checked as the files are written. One instance per extraction.
 */
public final class ExpansionGuard {

    /** The free space an extraction leaves on the target's file system: 64 MiB, or 1% of a file system below 6.4 GiB. */
    static final long MARGIN = 64L << 20;

    private static final long CHECK_EVERY = 8L << 20;
    private static final int BUFFER = 1 << 16;

    /** The free space of the file system extracted to; tests give one that is nearly full. */
    interface FreeSpace {
        long usable() throws IOException;

        long total() throws IOException;
    }

    private final long limit;
    private final boolean recorded;
    private FreeSpace space;
    private long margin;
    private String source;
    private Path target;
    private long written;
    private long unchecked;

    /**
     * @param recorded whether {@code limit} is the size recorded at upload (passing it means another archive)
     * @param space    null for the file system of the staging directory
     */
    ExpansionGuard(long limit, boolean recorded, FreeSpace space) {
        this.limit = limit;
        this.recorded = recorded;
        this.space = space;
    }

    /** The guard for a model: its recorded expanded size where its metadata has one, else {@code configuredLimit}. */
    public static ExpansionGuard of(OptionalLong recordedSize, long configuredLimit) {
        return recordedSize.isPresent()
                ? new ExpansionGuard(recordedSize.getAsLong(), true, null)
                : new ExpansionGuard(configuredLimit, false, null);
    }

    /** Before anything is read: a model whose recorded size would not fit is refused at once. */
    void start(Path staging, Path targetDir, String archive) throws IOException {
        this.source = archive;
        this.target = targetDir;
        if (space == null) {
            FileStore store = Files.getFileStore(staging);
            space = new FreeSpace() {
                @Override
                public long usable() throws IOException {
                    return store.getUsableSpace();
                }

                @Override
                public long total() throws IOException {
                    return store.getTotalSpace();
                }
            };
        }
        margin = margin(space.total());
        if (recorded) {
            ensureSpace(limit);
        }
    }

    /** The free space to leave on a file system of {@code totalSpace} bytes. */
    public static long margin(long totalSpace) {
        return Math.min(MARGIN, totalSpace / 100);
    }

    /** Writes an entry's content to the new file {@code file}, stopping at the limits; {@code declaredSize} is its header's. */
    void copy(InputStream in, Path file, long declaredSize) throws IOException {
        if (declaredSize > limit - written) {
            throw tooLarge(); // before a byte of it is written
        }
        ensureSpace(declaredSize);
        long remaining = declaredSize;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (n > limit - written) {
                    throw tooLarge();
                }
                unchecked += n;
                remaining -= n;
                if (unchecked >= CHECK_EVERY) { // others write to the same disk meanwhile
                    unchecked = 0;
                    ensureSpace(Math.max(remaining, 0));
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
    }

    /** The bytes of the files written so far. */
    long written() {
        return written;
    }

    private void ensureSpace(long toWrite) throws IOException {
        long usable = space.usable();
        if (usable - toWrite < margin) {
            throw new OutOfSpaceException("Cannot extract " + source + " into " + target
                    + ": that would leave less than " + size(margin) + " free on its file system (" + size(usable)
                    + " usable, " + size(toWrite)
                    + " still to write). Nothing was extracted. Free some space there, or "
                    + "download into another directory.");
        }
    }

    private UnsafeArchiveException tooLarge() {
        return new UnsafeArchiveException("Refusing to extract " + source + ": its files expand to more than "
                + (recorded
                        ? "the " + limit
                                + " bytes recorded at upload, so it is not the archive that was uploaded. Nothing was "
                                + "extracted. Restore the archive from a backup or upload the model again."
                        : size(limit)
                                + ", the limit on a model's expanded size. Nothing was extracted. If the model really is "
                                + "that large, raise the limit with DownloadOptions.withMaxExpandedSize(bytes); if not, check who wrote "
                                + "the archive: it may be a decompression bomb."));
    }

    /** {@code 64 MiB}, {@code 1.5 GiB}, {@code 1000 bytes}. */
    public static String size(long bytes) {
        if (bytes < 1 << 20) {
            return bytes + " bytes";
        }
        boolean gib = bytes >= 1L << 30;
        double units = bytes / (double) (gib ? 1L << 30 : 1L << 20);
        String number =
                units == Math.rint(units) ? String.valueOf((long) units) : String.format(Locale.ROOT, "%.1f", units);
        return number + (gib ? " GiB" : " MiB");
    }
}

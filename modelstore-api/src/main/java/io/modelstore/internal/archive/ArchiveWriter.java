package io.modelstore.internal.archive;

import io.modelstore.InvalidUploadException;
import io.modelstore.ProgressListener;
import io.modelstore.spi.TransferMemory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;

/** Writes the {@code artifacts.tar.gz} archive of an upload as a stream, never held in memory whole. */
public final class ArchiveWriter {

    static final String MODEL_INFO = "model-info.json";
    private static final int BUFFER = 1 << 16;
    /** Under half a G1 region: an ordinary object, not one of whole regions (the tar stream writes 10 KiB at a time). */
    private static final int COPY_BUFFER = 256 << 10;

    private ArchiveWriter() {}

    /** {@code level}, if uploads may use it: checked where it is set, which may be long before the first upload. */
    public static int checkLevel(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException(
                    "Compression level " + level + " is out of range: use 1 (fastest) to 9 (smallest)");
        }
        return level;
    }

    /**
     * Writes {@code model-info.json} (dated {@code created}) and the planned entries to {@code target} as tar.gz, and returns the digest of
     * what was written. It does not close {@code target}: a streamed blob is committed after this returns.
     */
    public static ArchiveDigest write(
            Map<String, Path> entries,
            byte[] modelInfo,
            Instant created,
            OutputStream target,
            int compressionLevel,
            ProgressListener progress) {
        long total = 0;
        for (Path source : entries.values()) {
            try {
                total += Files.size(source);
            } catch (IOException e) {
                total = -1;
                break;
            }
        }
        TransferCounter counter = new TransferCounter("archiving", total, progress);
        // Buffers no larger than the model: zeroing megabytes of buffers for a model of a few KiB was most of its
        // upload.
        int buffer = total < 0 ? BUFFER : (int) Math.max(8 << 10, Math.min(BUFFER, total + modelInfo.length + 4096));
        byte[] copyBuffer = new byte[total < 0 ? COPY_BUFFER : (int) Math.max(8 << 10, Math.min(COPY_BUFFER, total))];
        MessageDigest sha256 = ArchiveDigest.newSha256();
        long expanded = 0; // the bytes of the files, as counted again on extraction
        // Closing the archive must not close the blob: a streamed blob is committed after this returns.
        CountingOutputStream counted = new CountingOutputStream(CloseShieldOutputStream.wrap(target));
        // The windows get the archive's share of this upload's heap (the pieces take the rest) less the copy buffer.
        long windowShare = TransferMemory.ofThisHeap().archiveShare() - TransferMemory.heapTaken(copyBuffer.length);
        try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(counted, buffer), sha256);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new AdaptiveGzipOutputStream(
                        file, compressionLevel, total < 0 ? -1 : total + modelInfo.length + 4096, windowShare))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry info = new TarArchiveEntry(MODEL_INFO);
            info.setSize(modelInfo.length);
            info.setModTime(created.toEpochMilli()); // the upload's time: one upload, one archive, byte for byte
            tar.putArchiveEntry(info);
            tar.write(modelInfo);
            tar.closeArchiveEntry();
            expanded += modelInfo.length;
            for (Map.Entry<String, Path> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getValue().toFile(), entry.getKey());
                // Only the file's modification time, as Python's tarfile writes: the access time changes with every
                // read, and would make two archives of the same files differ (same-second uploads compare them).
                tarEntry.setLastAccessTime(null);
                tarEntry.setStatusChangeTime(null);
                tarEntry.setCreationTime(null);
                tar.putArchiveEntry(tarEntry);
                try (InputStream in = counter.wrap(Files.newInputStream(entry.getValue()))) {
                    long left = tarEntry.getSize(); // the size in the header, taken when the entry began
                    int n;
                    while (left > 0 && (n = in.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left))) > 0) {
                        tar.write(copyBuffer, 0, n);
                        left -= n;
                        expanded += n;
                    }
                    if (left > 0 || in.read() >= 0) {
                        throw new InvalidUploadException(
                                "The file '" + entry.getValue() + "' changed while it was being "
                                        + "archived: upload again when it is no longer being written.");
                    }
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new InvalidUploadException(
                    "Cannot archive the model's files: " + e.getMessage()
                            + ". Check that they are readable and stay in place until the upload ends.",
                    e);
        }
        return ArchiveDigest.of(sha256, counted.getByteCount(), expanded);
    }
}

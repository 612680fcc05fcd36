package io.modelstore;

import io.modelstore.spi.TransferMemory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.ProxyInputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code artifacts.tar.gz} archive: written and read as streams, never held in memory whole. */
final class Archives {

    static final String MODEL_INFO = "model-info.json";
    static final String EXTRAS = "extras/";
    private static final int BUFFER = 1 << 16;
    /** Under half a G1 region: an ordinary object, not one of whole regions (the tar stream writes 10 KiB at a time). */
    private static final int COPY_BUFFER = 256 << 10;
    private static final long READ_AHEAD_FROM = 4 << 20;
    /** As a compression window: one 1 MiB G1 region each. */
    private static final int READ_AHEAD_CHUNK = AdaptiveGzipOutputStream.WINDOW;
    private static final int READ_AHEAD_DEPTH = 4; // as many as the heap affords (TransferMemory)

    private Archives() {
    }

    /** The SHA-256 (hex) and size of an archive, and how many bytes its files take once extracted. */
    record Digest(String sha256, long size, long expandedSize) {
    }

    /** Archive entry names mapped to the files they come from, checked for clashes before anything is written. */
    static Map<String, Path> plan(List<Path> files, List<Path> extras) {
        Map<String, Path> entries = new LinkedHashMap<>();
        for (Path file : files) {
            addTree(entries, file, "");
        }
        if (entries.isEmpty()) {
            throw new InvalidUploadException("Nothing to upload: " + (files.isEmpty()
                    ? "no model file was given. Add one with UploadRequest.builder(domain).file(path)."
                    : "the directories " + files + " hold no files."));
        }
        for (Path extra : extras) {
            addTree(entries, extra, EXTRAS);
        }
        return entries;
    }

    private static void addTree(Map<String, Path> entries, Path source, String under) {
        if (!Files.exists(source)) {
            throw new InvalidUploadException("Cannot upload '" + source + "': no such file or directory. Check the path.");
        }
        if (!Files.isDirectory(source)) {
            // A path given by name is followed wherever it links to; reading a FIFO or device could block for ever.
            if (!Files.isRegularFile(source)) {
                throw UploadTree.notRegular(source);
            }
            add(entries, under + source.getFileName(), source);
            return;
        }
        // A model directory's contents go to the top; an extra directory keeps its name under extras/.
        Path absolute = source.toAbsolutePath();
        Path base = under.isEmpty() ? absolute : absolute.getParent();
        for (Path p : UploadTree.files(absolute)) {
            StringBuilder name = new StringBuilder(under);
            for (Path part : base.relativize(p)) {
                name.append(name.length() == under.length() ? "" : "/").append(part);
            }
            add(entries, name.toString(), p);
        }
    }

    private static void add(Map<String, Path> entries, String name, Path source) {
        if (name.equals(MODEL_INFO)) {
            throw new InvalidUploadException("Cannot upload '" + source + "': the archive's '" + MODEL_INFO
                    + "' is written by the store. Rename the file.");
        }
        Path previous = entries.putIfAbsent(name, source);
        if (previous != null) {
            throw new InvalidUploadException("Two files would both be stored as '" + name + "' in the archive: '"
                    + previous + "' and '" + source + "'. Rename one of them or put them in a directory.");
        }
        if (!Files.isReadable(source)) {
            throw new InvalidUploadException("Cannot upload '" + source + "': it is not readable. Check its permissions.");
        }
    }

    /**
     * Writes {@code model-info.json} (dated {@code created}) and the planned entries to {@code target} as tar.gz, and returns the digest of
     * what was written. It does not close {@code target}: a streamed blob is committed after this returns.
     */
    static Digest write(Map<String, Path> entries, byte[] modelInfo, Instant created, OutputStream target,
                        int compressionLevel, ProgressListener progress) {
        long total = 0;
        for (Path source : entries.values()) {
            try {
                total += Files.size(source);
            } catch (IOException e) {
                total = -1;
                break;
            }
        }
        Counter counter = new Counter("archiving", total, progress);
        // Buffers no larger than the model: zeroing megabytes of buffers for a model of a few KiB was most of its upload.
        int buffer = total < 0 ? BUFFER : (int) Math.max(8 << 10, Math.min(BUFFER, total + modelInfo.length + 4096));
        byte[] copyBuffer = new byte[total < 0 ? COPY_BUFFER : (int) Math.max(8 << 10, Math.min(COPY_BUFFER, total))];
        MessageDigest sha256 = sha256();
        long expanded = 0; // the bytes of the files, as counted again on extraction
        // Closing the archive must not close the blob: a streamed blob is committed after this returns.
        CountingOutputStream counted = new CountingOutputStream(CloseShieldOutputStream.wrap(target));
        // The windows get the archive's share of this upload's heap (the pieces take the rest) less the copy buffer.
        long windowShare = TransferMemory.ofThisHeap().archiveShare() - TransferMemory.heapTaken(copyBuffer.length);
        try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(counted, buffer), sha256);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new AdaptiveGzipOutputStream(file, compressionLevel,
                     total < 0 ? -1 : total + modelInfo.length + 4096, windowShare))) {
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
                        throw new InvalidUploadException("The file '" + entry.getValue() + "' changed while it was being "
                                + "archived: upload again when it is no longer being written.");
                    }
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new InvalidUploadException("Cannot archive the model's files: " + e.getMessage()
                    + ". Check that they are readable and stay in place until the upload ends.", e);
        }
        return new Digest(HexFormat.of().formatHex(sha256.digest()), counted.getByteCount(), expanded);
    }

    /**
     * Extracts the archive read from {@code in} into {@code targetDir} in one pass: first into a staging directory
     * inside it, refusing any entry that would leave it and stopping when {@code guard} says the files expand too
     * far, while the archive's SHA-256 is computed; only when the whole stream is read and {@code verify} accepts
     * its digest are the results moved in place, as {@code options} allow. A refused, broken or mismatching
     * archive extracts nothing.
     *
     * @param source names the archive in messages
     * @param verify checks the digest of the whole stream; throws to refuse it
     */
    static List<Path> extract(InputStream in, Path targetDir, String source, long expectedSize, DownloadOptions options,
                              ExpansionGuard guard, java.util.function.Consumer<Digest> verify) throws IOException {
        MessageDigest sha256 = sha256();
        Counter counter = new Counter("downloading", expectedSize, options.progress());
        InputStream digested = new DigestInputStream(counter.wrap(in), sha256);
        // A large archive is fetched and hashed in a second thread while this one inflates it and writes its files.
        ReadAheadInputStream ahead = expectedSize >= 0 && expectedSize < READ_AHEAD_FROM ? null
                : new ReadAheadInputStream(digested, READ_AHEAD_CHUNK,
                        TransferMemory.ofThisHeap().readAhead(READ_AHEAD_DEPTH, READ_AHEAD_CHUNK));
        InputStream digesting = ahead == null ? digested : ahead;
        try {
            return extractFrom(digesting, sha256, counter, targetDir, source, options, guard, verify);
        } finally {
            if (ahead != null) {
                ahead.close();
            }
        }
    }

    private static List<Path> extractFrom(InputStream digesting, MessageDigest sha256, Counter counter, Path targetDir,
                                          String source, DownloadOptions options, ExpansionGuard guard,
                                          java.util.function.Consumer<Digest> verify) throws IOException {
        return Placement.viaStaging(targetDir, options.overwrite(), source, (staging, root) -> {
            guard.start(staging, root, source);
            try {
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                        new BufferedInputStream(digesting, BUFFER)));
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    extractEntry(tar, entry, staging, source, guard);
                }
                digesting.transferTo(OutputStream.nullOutputStream()); // the gzip trailer and padding count too
            } catch (IOException | RuntimeException e) {
                // A damaged archive is better reported as such than as whatever its damage broke.
                digesting.transferTo(OutputStream.nullOutputStream());
                verify.accept(new Digest(HexFormat.of().formatHex(sha256.digest()), counter.done, guard.written()));
                throw e;
            }
            verify.accept(new Digest(HexFormat.of().formatHex(sha256.digest()), counter.done, guard.written()));
        });
    }

    /** As {@link #extract(InputStream, Path, String, long, DownloadOptions, ExpansionGuard, java.util.function.Consumer)}, from a file, unverified. */
    static List<Path> extract(Path archive, Path targetDir, String source, DownloadOptions options) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return extract(in, targetDir, source, -1, options,
                    ExpansionGuard.of(java.util.OptionalLong.empty(), options.maxExpandedSize()), digest -> { });
        }
    }

    /** As {@link #extract(Path, Path, String, DownloadOptions)}, with the default options. */
    static List<Path> extract(Path archive, Path targetDir, String source) throws IOException {
        return extract(archive, targetDir, source, DownloadOptions.defaults());
    }

    private static void extractEntry(TarArchiveInputStream tar, TarArchiveEntry entry, Path staging, String source,
                                     ExpansionGuard guard) throws IOException {
        String name = entry.getName();
        Path destination = inside(staging, name, name, source);
        if (destination.equals(staging)) {
            return; // the archive's "./" entry
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw unsafe(source, name, "is a device, FIFO or other special file");
        }
        // Earlier entries may have made links: every parent must still really be inside.
        Path parent = realInside(staging, destination.getParent());
        if (parent == null) {
            throw unsafe(source, name, "is written through a link that points outside the target directory");
        }
        Files.createDirectories(parent);
        Path target = parent.resolve(destination.getFileName().toString());
        if (entry.isDirectory()) {
            if (Files.isSymbolicLink(target)) {
                throw unsafe(source, name, "is a directory over a link of the same name");
            }
            Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
            String link = entry.getLinkName();
            if (link.isEmpty() || link.startsWith("/") || link.startsWith("\\") || link.matches("^[A-Za-z]:.*")) {
                throw unsafe(source, name, "is a link to the absolute path '" + link + "'");
            }
            if (resolveLink(staging, parent, link, 0) == null) {
                throw unsafe(source, name, "is a link to '" + link + "', outside the target directory");
            }
            Placement.deleteRecursively(target);
            Files.createSymbolicLink(target, target.getFileSystem().getPath(link));
        } else if (entry.isLink()) {
            Path linked = realInside(staging, inside(staging, entry.getLinkName(), name, source));
            if (linked == null) {
                throw unsafe(source, name, "is a hard link to '" + entry.getLinkName() + "', outside the target directory");
            }
            if (!Files.isRegularFile(linked, LinkOption.NOFOLLOW_LINKS)) {
                throw unsafe(source, name, "is a hard link to '" + entry.getLinkName()
                        + "', which is not a file extracted before it");
            }
            Placement.deleteRecursively(target);
            Files.createLink(target, linked);
        } else if (entry.isFile()) {
            Placement.deleteRecursively(target); // never write through a link an earlier entry made
            guard.copy(tar, target, entry.getSize());
        } else {
            throw unsafe(source, name, "is a special file (tar type '" + (char) entry.getLinkFlag() + "')");
        }
    }

    /**
     * Resolves {@code path} below {@code staging}, following the links earlier entries made; null if any step
     * leaves {@code staging}. Parts that do not exist yet are taken as they are.
     */
    private static Path realInside(Path staging, Path path) throws IOException {
        Path current = staging;
        for (Path part : staging.relativize(path)) {
            current = step(staging, current, part.toString(), 0);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Path step(Path staging, Path current, String part, int depth) throws IOException {
        Path next;
        if (part.equals(".") || part.isEmpty()) {
            next = current;
        } else if (part.equals("..")) {
            next = current.getParent();
        } else {
            next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                next = resolveLink(staging, current, Files.readSymbolicLink(next).toString(), depth + 1);
            }
        }
        return next != null && next.startsWith(staging) ? next : null;
    }

    /** Where a link in {@code dir} pointing at {@code link} really leads; null if it leaves {@code staging} or loops. */
    private static Path resolveLink(Path staging, Path dir, String link, int depth) throws IOException {
        if (depth > 40 || link.startsWith("/") || link.startsWith("\\")) {
            return null;
        }
        Path current = dir;
        for (String part : link.split("[/\\\\]", -1)) {
            current = step(staging, current, part, depth);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Path inside(Path staging, String name, String entryName, String source) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(source, entryName, name.isEmpty() ? "has an empty name" : "has the absolute name '" + name + "'");
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                throw unsafe(source, entryName, "has '..' in its name '" + name + "'");
            }
        }
        Path resolved = staging.resolve(name).normalize();
        if (!resolved.startsWith(staging)) {
            throw unsafe(source, entryName, "resolves outside the target directory");
        }
        return resolved;
    }

    private static UnsafeArchiveException unsafe(String source, String entry, String why) {
        return new UnsafeArchiveException("Refusing to extract " + source + ": entry '" + entry + "' " + why
                + ". Nothing was extracted. The archive was not written by modelstore; check who wrote it.");
    }

    /** Counts the bytes read through the streams it wraps and tells a listener about once per MiB. */
    private static final class Counter {
        private final String stage;
        private final long total;
        private final ProgressListener listener;
        private long done;
        private long reported;

        Counter(String stage, long total, ProgressListener listener) {
            this.stage = stage;
            this.total = total;
            this.listener = listener;
            listener.progress(stage, 0, total);
        }

        void add(long n) {
            done += n;
            if (done - reported >= (1 << 20) || done == total) {
                reported = done;
                listener.progress(stage, done, total);
            }
        }

        InputStream wrap(InputStream in) {
            return new ProxyInputStream(in) {
                @Override
                protected void afterRead(int n) {
                    if (n != IOUtils.EOF) {
                        add(n);
                    }
                }
            };
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}

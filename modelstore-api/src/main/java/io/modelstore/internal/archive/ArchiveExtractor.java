package io.modelstore.internal.archive;

import io.modelstore.DownloadOptions;
import io.modelstore.UnsafeArchiveException;
import io.modelstore.spi.TransferMemory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts an {@code artifacts.tar.gz} archive as a stream, never held in memory whole, refusing every entry that
 * would leave the target directory.
 */
public final class ArchiveExtractor {

    private static final int BUFFER = 1 << 16;
    private static final long READ_AHEAD_FROM = 4 << 20;
    /** As a compression window: one 1 MiB G1 region each. */
    private static final int READ_AHEAD_CHUNK = AdaptiveGzipOutputStream.WINDOW;

    private static final int READ_AHEAD_DEPTH = 4; // as many as the heap affords (TransferMemory)

    private ArchiveExtractor() {}

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
    public static List<Path> extract(
            InputStream in,
            Path targetDir,
            String source,
            long expectedSize,
            DownloadOptions options,
            ExpansionGuard guard,
            Consumer<ArchiveDigest> verify)
            throws IOException {
        MessageDigest sha256 = ArchiveDigest.newSha256();
        TransferCounter counter = new TransferCounter("downloading", expectedSize, options.progress());
        InputStream digested = new DigestInputStream(counter.wrap(in), sha256);
        // A large archive is fetched and hashed in a second thread while this one inflates it and writes its files.
        ReadAheadInputStream ahead = expectedSize >= 0 && expectedSize < READ_AHEAD_FROM
                ? null
                : new ReadAheadInputStream(
                        digested,
                        READ_AHEAD_CHUNK,
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

    private static List<Path> extractFrom(
            InputStream digesting,
            MessageDigest sha256,
            TransferCounter counter,
            Path targetDir,
            String source,
            DownloadOptions options,
            ExpansionGuard guard,
            Consumer<ArchiveDigest> verify)
            throws IOException {
        return Placement.viaStaging(targetDir, options.overwrite(), source, (staging, root) -> {
            guard.start(staging, root, source);
            try {
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        new GzipCompressorInputStream(new BufferedInputStream(digesting, BUFFER)));
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    extractEntry(tar, entry, staging, source, guard);
                }
                digesting.transferTo(OutputStream.nullOutputStream()); // the gzip trailer and padding count too
            } catch (IOException | RuntimeException e) {
                // A damaged archive is better reported as such than as whatever its damage broke.
                digesting.transferTo(OutputStream.nullOutputStream());
                verify.accept(ArchiveDigest.of(sha256, counter.done(), guard.written()));
                throw e;
            }
            verify.accept(ArchiveDigest.of(sha256, counter.done(), guard.written()));
        });
    }

    /** As {@link #extract(InputStream, Path, String, long, DownloadOptions, ExpansionGuard, Consumer)}, from a file, unverified. */
    public static List<Path> extract(Path archive, Path targetDir, String source, DownloadOptions options)
            throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return extract(
                    in,
                    targetDir,
                    source,
                    -1,
                    options,
                    ExpansionGuard.of(OptionalLong.empty(), options.maxExpandedSize()),
                    digest -> {});
        }
    }

    /** As {@link #extract(Path, Path, String, DownloadOptions)}, with the default options. */
    public static List<Path> extract(Path archive, Path targetDir, String source) throws IOException {
        return extract(archive, targetDir, source, DownloadOptions.defaults());
    }

    private static void extractEntry(
            TarArchiveInputStream tar, TarArchiveEntry entry, Path staging, String source, ExpansionGuard guard)
            throws IOException {
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
                throw unsafe(
                        source, name, "is a hard link to '" + entry.getLinkName() + "', outside the target directory");
            }
            if (!Files.isRegularFile(linked, LinkOption.NOFOLLOW_LINKS)) {
                throw unsafe(
                        source,
                        name,
                        "is a hard link to '" + entry.getLinkName() + "', which is not a file extracted before it");
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
                next = resolveLink(
                        staging, current, Files.readSymbolicLink(next).toString(), depth + 1);
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
            throw unsafe(
                    source, entryName, name.isEmpty() ? "has an empty name" : "has the absolute name '" + name + "'");
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
}

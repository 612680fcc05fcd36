package io.modelstore.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.DownloadOptions;
import io.modelstore.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** What the archive tests share: files to archive, archives built entry by entry, and what an extraction left. */
final class ArchiveFixtures {

    static final String SOURCE = "the archive of d/m";

    private ArchiveFixtures() {}

    static Path write(Path file, String content) throws IOException {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static ExpansionGuard defaultGuard() {
        return ExpansionGuard.of(OptionalLong.empty(), DownloadOptions.DEFAULT_MAX_EXPANDED_SIZE);
    }

    /** Every path below {@code dir} (relative, '/'-separated), without following links. */
    static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Writes an archive to a file, as an upload writes it into a blob. */
    static ArchiveDigest writeArchive(
            Map<String, Path> plan, byte[] modelInfo, Path file, int level, ProgressListener progress)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return ArchiveWriter.write(plan, modelInfo, Instant.now(), out, level, progress);
        }
    }

    /** A tar.gz built entry by entry, with names and link targets kept exactly as given. */
    static final class Tar {

        @SuppressWarnings("ArrayRecordComponent") // a private carrier: never compared, hashed or printed
        private record Entry(TarArchiveEntry header, byte[] content) {}

        private final List<Entry> entries = new ArrayList<>();

        Tar file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        Tar file(String name, byte[] content) {
            TarArchiveEntry e = new TarArchiveEntry(name, true); // true: keep a leading '/'
            e.setSize(content.length);
            entries.add(new Entry(e, content));
            return this;
        }

        Tar dir(String name) {
            entries.add(new Entry(new TarArchiveEntry(name, true), null));
            return this;
        }

        Tar symlink(String name, String target) {
            return link(name, target, TarConstants.LF_SYMLINK);
        }

        Tar hardlink(String name, String target) {
            return link(name, target, TarConstants.LF_LINK);
        }

        Tar special(String name, byte type) {
            entries.add(new Entry(new TarArchiveEntry(name, type, true), null));
            return this;
        }

        private Tar link(String name, String target, byte type) {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            entries.add(new Entry(e, null));
            return this;
        }

        Path writeTo(Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Entry e : entries) {
                    tar.putArchiveEntry(e.header());
                    if (e.content() != null) {
                        tar.write(e.content());
                    }
                    tar.closeArchiveEntry();
                }
            }
            // Check that commons-compress kept the names as given (it strips a leading '/' unless told not to).
            try (InputStream in = Files.newInputStream(file);
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                for (Entry e : entries) {
                    assertThat(tar.getNextEntry().getName())
                            .isEqualTo(e.header().getName());
                }
            }
            return file;
        }

        @Override
        public String toString() {
            return entries.stream().map(e -> e.header().getName()).collect(Collectors.joining(", "));
        }
    }
}

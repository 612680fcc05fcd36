package io.modelstore.internal.archive;

import static io.modelstore.internal.archive.ArchiveFixtures.SOURCE;
import static io.modelstore.internal.archive.ArchiveFixtures.defaultGuard;
import static io.modelstore.internal.archive.ArchiveFixtures.random;
import static io.modelstore.internal.archive.ArchiveFixtures.sha256;
import static io.modelstore.internal.archive.ArchiveFixtures.tree;
import static io.modelstore.internal.archive.ArchiveFixtures.write;
import static io.modelstore.internal.archive.ArchiveFixtures.writeArchive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.ChecksumMismatchException;
import io.modelstore.DownloadOptions;
import io.modelstore.ProgressListener;
import io.modelstore.TargetConflictException;
import io.modelstore.UnsafeArchiveException;
import io.modelstore.internal.archive.ArchiveFixtures.Tar;
import io.modelstore.spi.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Extraction: links inside the archive, the digest it reports, a target that holds files already, how far an archive
 * may expand, and malicious archives, none of which leaves anything behind.
 */
class ArchiveExtractorTest {

    @TempDir
    Path tmp;

    // ================================================================== extraction

    /** Every progress event heard, as "stage done/total". */
    private final List<String> heard = new ArrayList<>();

    private final ProgressListener progress = (stage, done, total) -> heard.add(stage + " " + done + "/" + total);

    @Test
    void streamingExtractionDigestsTheWholeArchiveAndExtractsOnlyWhenAccepted() throws Exception {
        Path model = write(tmp.resolve("in/model.bin"), random(3_000_000, 3));
        Path archive = tmp.resolve("a.tar.gz");
        ArchiveDigest written = writeArchive(
                UploadPlan.of(List.of(model), List.of()),
                "{}".getBytes(StandardCharsets.US_ASCII),
                archive,
                1,
                ProgressListener.NONE);
        byte[] bytes = Files.readAllBytes(archive);

        List<ArchiveDigest> seen = new ArrayList<>();
        Path accepted = tmp.resolve("accepted");
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            ArchiveExtractor.extract(
                    in,
                    accepted,
                    SOURCE,
                    bytes.length,
                    DownloadOptions.defaults().withProgress(progress),
                    defaultGuard(),
                    seen::add);
        }
        assertThat(seen).containsExactly(new ArchiveDigest(sha256(bytes), bytes.length, 3_000_002));
        assertThat(written).isEqualTo(new ArchiveDigest(sha256(bytes), bytes.length, 3_000_002));
        assertThat(accepted.resolve("model.bin")).hasSameBinaryContentAs(model);
        assertThat(heard).first().isEqualTo("downloading 0/" + bytes.length);
        assertThat(heard).last().isEqualTo("downloading " + bytes.length + "/" + bytes.length);

        Path refused = tmp.resolve("refused");
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            assertThatThrownBy(() -> ArchiveExtractor.extract(
                            in, refused, SOURCE, -1, DownloadOptions.defaults(), defaultGuard(), digest -> {
                                throw new ChecksumMismatchException("k", "expected", digest.sha256(), "refused");
                            }))
                    .isInstanceOf(ChecksumMismatchException.class);
        }
        assertThat(tree(refused)).as("nothing extracted, no staging left").isEmpty();
    }

    @Test
    void withOverwriteFilesAreReplacedAndEverythingElseIsKept() throws IOException {
        Path target = tmp.resolve("out");
        write(target.resolve("keep.txt"), "mine");
        write(target.resolve("model.bin"), "old");
        write(target.resolve("sub/old.txt"), "old");
        Path archive =
                new Tar().file("model.bin", "new").file("sub/new.txt", "new").writeTo(tmp.resolve("a.tar.gz"));

        ArchiveExtractor.extract(
                archive, target, SOURCE, DownloadOptions.defaults().withOverwrite(true));

        assertThat(tree(target)).containsExactly("keep.txt", "model.bin", "sub", "sub/new.txt", "sub/old.txt");
        assertThat(target.resolve("model.bin")).hasContent("new");
    }

    @Test
    void aBenignArchiveWithLinksInsideExtracts() throws IOException {
        Path archive = new Tar()
                .dir("./")
                .file("./model.bin", "weights")
                .dir("sub/")
                .file("sub/data.txt", "data")
                .symlink("latest", "model.bin")
                .symlink("sub/up-link", "../model.bin")
                .symlink("sub/here", ".")
                .hardlink("copy.bin", "model.bin")
                .hardlink("sub/data-copy.txt", "sub/data.txt")
                .writeTo(tmp.resolve("a.tar.gz"));
        Path target = tmp.resolve("out");

        ArchiveExtractor.extract(archive, target, SOURCE);

        assertThat(tree(target))
                .containsExactly(
                        "copy.bin",
                        "latest",
                        "model.bin",
                        "sub",
                        "sub/data-copy.txt",
                        "sub/data.txt",
                        "sub/here",
                        "sub/up-link");
        assertThat(target.resolve("model.bin")).hasContent("weights");
        assertThat(Files.readSymbolicLink(target.resolve("latest"))).isEqualTo(Path.of("model.bin"));
        assertThat(Files.readSymbolicLink(target.resolve("sub/up-link"))).isEqualTo(Path.of("../model.bin"));
        assertThat(target.resolve("sub/up-link")).hasContent("weights");
        assertThat(Files.readSymbolicLink(target.resolve("sub/here"))).isEqualTo(Path.of("."));
        assertThat(Files.isSymbolicLink(target.resolve("copy.bin"))).isFalse();
        assertThat(Files.isSameFile(target.resolve("copy.bin"), target.resolve("model.bin")))
                .isTrue();
        assertThat(Files.isSameFile(target.resolve("sub/data-copy.txt"), target.resolve("sub/data.txt")))
                .isTrue();
    }

    @Test
    void aLaterEntryOfTheSameNameReplacesTheEarlierAsTarDoes() throws IOException {
        Path archive = new Tar()
                .file("model.bin", "weights")
                .file("soft", "replaced by a link")
                .symlink("soft", "model.bin")
                .file("hard", "replaced by a hard link")
                .hardlink("hard", "model.bin")
                .writeTo(tmp.resolve("a.tar.gz"));
        Path target = tmp.resolve("out");

        ArchiveExtractor.extract(archive, target, SOURCE);

        assertThat(Files.readSymbolicLink(target.resolve("soft"))).isEqualTo(Path.of("model.bin"));
        assertThat(Files.isSameFile(target.resolve("hard"), target.resolve("model.bin")))
                .isTrue();
        assertThat(target.resolve("hard")).hasContent("weights");
    }

    /** Linux follows at most 40 links while it resolves a path; extraction follows as many, and no more. */
    @ParameterizedTest(name = "{0} links")
    @ValueSource(ints = {40, 41})
    void aChainOfLinksIsFollowedAsFarAsTheSystemFollowsIt(int links) throws IOException {
        Tar tar = new Tar().file("model.bin", "weights").symlink("l" + links, "model.bin");
        for (int i = links - 1; i >= 1; i--) {
            tar.symlink("l" + i, "l" + (i + 1));
        }
        tar.hardlink("through", "l1"); // resolved through the whole chain
        Path archive = tar.writeTo(tmp.resolve("a.tar.gz"));
        Path target = tmp.resolve("out");

        if (links <= 40) {
            ArchiveExtractor.extract(archive, target, SOURCE);
            assertThat(Files.isSameFile(target.resolve("through"), target.resolve("model.bin")))
                    .isTrue();
            assertThat(target.resolve("l1")).hasContent("weights"); // the system follows it too
        } else {
            assertThatThrownBy(() -> ArchiveExtractor.extract(archive, target, SOURCE))
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageContaining("entry 'through'");
            assertThat(target).isEmptyDirectory();
        }
    }

    @Test
    void aLoopOfLinksIsRefusedNotFollowedForever() throws IOException {
        Path archive = new Tar()
                .file("model.bin", "weights")
                .symlink("a", "b")
                .symlink("b", "a")
                .file("a/x", "written through the loop")
                .writeTo(tmp.resolve("a.tar.gz"));
        Path target = tmp.resolve("out");

        assertThatThrownBy(() -> ArchiveExtractor.extract(archive, target, SOURCE))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("entry 'a/x'");
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void aTargetThatCannotBeWrittenLeavesNoReadingThreadBehind() throws IOException {
        // More than the read-ahead holds, so that its thread waits for a reader that never comes.
        Path archive = new Tar().file("big.bin", random(6 << 20, 9)).writeTo(tmp.resolve("a.tar.gz"));
        Path notADirectory = write(tmp.resolve("file"), "a file");

        // From memory, whose close() does nothing: only stopping the read-ahead ends its thread.
        InputStream source = new ByteArrayInputStream(Files.readAllBytes(archive));
        DownloadOptions options = DownloadOptions.defaults();
        assertThatThrownBy(() -> ArchiveExtractor.extract(
                        source,
                        notADirectory.resolve("out"),
                        SOURCE,
                        -1,
                        options,
                        ExpansionGuard.of(OptionalLong.empty(), options.maxExpandedSize()),
                        digest -> {}))
                .isInstanceOf(IOException.class);

        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .noneMatch(t -> t.getName().equals("modelstore-read-ahead"));
    }

    @Test
    void aTruncatedArchiveExtractsNothing() throws IOException {
        Path archive = new Tar()
                .file("small.txt", "first entry")
                .file("big.bin", random(200_000, 4)) // incompressible, so cutting the file cuts this entry
                .writeTo(tmp.resolve("a.tar.gz"));
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        Path target = tmp.resolve("out");

        assertThatThrownBy(() -> ArchiveExtractor.extract(archive, target, SOURCE))
                .isInstanceOf(IOException.class);

        assertThat(target).isEmptyDirectory(); // not even small.txt, nor the staging directory
    }

    // ================================================================== a target that holds files already

    @Nested
    class ExistingTarget {

        private Path target;
        private Path archive;

        @BeforeEach
        void usersFiles() throws IOException {
            target = tmp.resolve("out");
            write(target.resolve("keep.txt"), "mine");
            archive = new Tar()
                    .file("model.bin", "new")
                    .file("sub/new.txt", "new")
                    .writeTo(tmp.resolve("a.tar.gz"));
        }

        @Test
        void aPathOfTheArchiveThatIsThereAlreadyIsRefusedAndTheTargetIsLeftAsItWas() throws IOException {
            write(target.resolve("model.bin"), "old");
            write(target.resolve("sub/old.txt"), "old");
            Map<String, String> before = snapshot(target);
            Path root = target.toRealPath();

            assertThatThrownBy(() -> ArchiveExtractor.extract(archive, target, SOURCE))
                    .isInstanceOfSatisfying(
                            TargetConflictException.class,
                            e -> assertThat(e.path()).isEqualTo(root.resolve("model.bin")))
                    .hasMessage("Cannot download " + SOURCE + " into " + root + ": '" + root.resolve("model.bin")
                            + "' is already there (and 1 more of the model's paths). Nothing was changed. Download into an "
                            + "empty directory, or with DownloadOptions.defaults().withOverwrite(true) to replace the "
                            + "files there.");

            assertThat(snapshot(target)).isEqualTo(before); // and no staging directory
        }

        @ParameterizedTest(name = "overwrite: {0}")
        @ValueSource(booleans = {false, true})
        void aUsersDirectoryWhereTheArchiveHasAFileIsNeverDeleted(boolean overwrite) throws IOException {
            write(target.resolve("model.bin/weights.txt"), "the user's own tree");
            Map<String, String> before = snapshot(target);
            Path root = target.toRealPath();

            assertThatThrownBy(() -> ArchiveExtractor.extract(
                            archive, target, SOURCE, DownloadOptions.defaults().withOverwrite(overwrite)))
                    .isInstanceOf(TargetConflictException.class)
                    .hasMessage("Cannot download " + SOURCE + " into " + root + ": '" + root.resolve("model.bin")
                            + "' is a directory there, where the model has a file. Nothing was changed: a download never "
                            + "deletes a directory, even with overwrite. Move or remove it yourself, or download into "
                            + "another directory.");

            assertThat(snapshot(target)).isEqualTo(before);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"file", "link"})
        void aUsersFileOrLinkWhereTheArchiveHasADirectoryIsNeverReplaced(String kind) throws IOException {
            Path elsewhere =
                    write(tmp.resolve("elsewhere/theirs.txt"), "theirs").getParent();
            if (kind.equals("file")) {
                write(target.resolve("sub"), "mine");
            } else {
                Files.createSymbolicLink(target.resolve("sub"), Path.of("../elsewhere"));
            }
            Map<String, String> before = snapshot(target);
            Path root = target.toRealPath();

            assertThatThrownBy(() -> ArchiveExtractor.extract(
                            archive, target, SOURCE, DownloadOptions.defaults().withOverwrite(true)))
                    .isInstanceOf(TargetConflictException.class)
                    .hasMessage("Cannot download " + SOURCE + " into " + root + ": '" + root.resolve("sub") + "' is a "
                            + kind + " there, where the model has a directory. Nothing was changed: a download never "
                            + "replaces a file or link with a directory, even with overwrite. Move or remove it yourself, "
                            + "or download into another directory.");

            assertThat(snapshot(target)).isEqualTo(before);
            assertThat(tree(elsewhere)).containsExactly("theirs.txt");
        }

        @Test
        void anEmptyOrMissingTargetNeedsNoOverwrite() throws IOException {
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            ArchiveExtractor.extract(archive, empty, SOURCE);
            ArchiveExtractor.extract(archive, tmp.resolve("missing/below"), SOURCE);

            assertThat(tree(empty)).containsExactly("model.bin", "sub", "sub/new.txt");
            assertThat(tree(tmp.resolve("missing/below"))).containsExactly("model.bin", "sub", "sub/new.txt");
        }

        /** Every path below {@code dir} with its content (a file), its link target, or nothing (a directory). */
        private Map<String, String> snapshot(Path dir) throws IOException {
            Map<String, String> all = new java.util.TreeMap<>();
            for (String relative : tree(dir)) {
                Path p = dir.resolve(relative);
                all.put(
                        relative,
                        Files.isSymbolicLink(p)
                                ? "-> " + Files.readSymbolicLink(p)
                                : Files.isDirectory(p) ? "" : Files.readString(p));
            }
            return all;
        }
    }

    // ================================================================== how far an archive may expand

    @Nested
    class Expansion {

        private Path target;

        @BeforeEach
        void target() {
            target = tmp.resolve("out");
        }

        /** Compresses to a few KiB whatever it expands to. */
        private byte[] bomb(int entries, int entrySize) throws IOException {
            Tar tar = new Tar();
            for (int i = 0; i < entries; i++) {
                tar.file("zeros-" + i + ".bin", new byte[entrySize]);
            }
            byte[] archive = Files.readAllBytes(tar.writeTo(tmp.resolve("bomb.tar.gz")));
            assertThat(archive.length).as("compressed").isLessThan(64 << 10);
            return archive;
        }

        private void extract(byte[] archive, ExpansionGuard guard) throws IOException {
            try (InputStream in = new ByteArrayInputStream(archive)) {
                ArchiveExtractor.extract(
                        in, target, SOURCE, archive.length, DownloadOptions.defaults(), guard, digest -> {});
            }
        }

        /** A file system of {@code total} bytes whose usable space is given, call by call, by {@code usable}. */
        private ExpansionGuard.FreeSpace disk(long total, java.util.function.LongSupplier usable) {
            return new ExpansionGuard.FreeSpace() {
                @Override
                public long usable() {
                    return usable.getAsLong();
                }

                @Override
                public long total() {
                    return total;
                }
            };
        }

        @Test
        void anArchiveThatExpandsPastTheLimitIsStoppedAndLeavesNothing() throws IOException {
            byte[] archive = bomb(16, 512 << 10); // 8 MiB of zeros
            ExpansionGuard guard = new ExpansionGuard(4 << 20, false, null);

            assertThatThrownBy(() -> extract(archive, guard))
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessage(
                            "Refusing to extract " + SOURCE + ": its files expand to more than 4 MiB, the limit on a "
                                    + "model's expanded size. Nothing was extracted. If the model really is that large, raise the "
                                    + "limit with DownloadOptions.withMaxExpandedSize(bytes); if not, check who wrote the archive: "
                                    + "it may be a decompression bomb.");

            assertThat(guard.written()).isLessThanOrEqualTo(4 << 20);
            assertThat(target).isEmptyDirectory(); // the staging directory is gone too
        }

        @Test
        void anArchiveThatExpandsPastItsRecordedSizeIsNotTheOneUploaded() throws IOException {
            byte[] archive = bomb(1, 8 << 20);
            ExpansionGuard guard = ExpansionGuard.of(OptionalLong.of(1000), DownloadOptions.DEFAULT_MAX_EXPANDED_SIZE);

            assertThatThrownBy(() -> extract(archive, guard))
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessage(
                            "Refusing to extract " + SOURCE + ": its files expand to more than the 1000 bytes recorded "
                                    + "at upload, so it is not the archive that was uploaded. Nothing was extracted. Restore the "
                                    + "archive from a backup or upload the model again.");

            assertThat(guard.written()).isLessThanOrEqualTo(1000);
            assertThat(target).isEmptyDirectory();
        }

        @Test
        void anArchiveThatWouldLeaveTheFileSystemNearlyFullIsStopped() throws IOException {
            byte[] archive = bomb(1, 8 << 20);
            ExpansionGuard guard = new ExpansionGuard(
                    DownloadOptions.DEFAULT_MAX_EXPANDED_SIZE, false, disk(1L << 40, () -> 70L << 20));

            assertThatThrownBy(() -> extract(archive, guard))
                    .isInstanceOfSatisfying(
                            StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.LOCAL_IO))
                    .hasMessage("Cannot extract " + SOURCE + " into " + target.toRealPath() + ": that would leave less "
                            + "than 64 MiB free on its file system (70 MiB usable, 8 MiB still to write). Nothing was "
                            + "extracted. Free some space there, or download into another directory.");

            assertThat(target).isEmptyDirectory();
        }

        @Test
        void freeSpaceIsCheckedAsTheFilesAreWritten() throws IOException {
            byte[] archive = bomb(1, 20 << 20);
            java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
            // Enough space when the entry starts; then something else fills the disk.
            ExpansionGuard guard = new ExpansionGuard(
                    DownloadOptions.DEFAULT_MAX_EXPANDED_SIZE,
                    false,
                    disk(1L << 40, () -> checks.getAndIncrement() == 0 ? 200L << 20 : 60L << 20));

            assertThatThrownBy(() -> extract(archive, guard))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("that would leave less than 64 MiB free on its file system (60 MiB usable, ");

            assertThat(guard.written()).isLessThan(20 << 20);
            assertThat(target).isEmptyDirectory();
        }

        @Test
        void aSmallFileSystemKeepsOnePercentFree() throws IOException {
            byte[] archive = bomb(1, 8 << 20);
            // 1% of 1 GiB is about 10 MiB: 20 MiB usable leaves enough after 8 MiB.
            extract(
                    archive,
                    new ExpansionGuard(
                            DownloadOptions.DEFAULT_MAX_EXPANDED_SIZE, false, disk(1L << 30, () -> 20L << 20)));

            assertThat(target.resolve("zeros-0.bin")).hasSize(8 << 20);
        }

        @Test
        void aRecordedSizeThatWouldNotFitIsRefusedBeforeAnythingIsRead() throws IOException {
            byte[] archive = bomb(1, 8 << 20);
            ExpansionGuard guard = new ExpansionGuard(10L << 20, true, disk(1L << 40, () -> 70L << 20));
            ByteArrayInputStream in = new ByteArrayInputStream(archive);

            assertThatThrownBy(() -> ArchiveExtractor.extract(
                            in, target, SOURCE, archive.length, DownloadOptions.defaults(), guard, digest -> {}))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("(70 MiB usable, 10 MiB still to write)");

            assertThat(in.available()).as("unread").isEqualTo(archive.length);
            assertThat(target).isEmptyDirectory();
        }
    }

    // ================================================================== malicious archives

    @Nested
    class Malicious {

        private Path archives;
        private Path work;
        private Path target;

        @BeforeEach
        void layout() throws IOException {
            archives = Files.createDirectories(tmp.resolve("archives"));
            work = Files.createDirectories(tmp.resolve("work"));
            target = work.resolve("target");
        }

        /** Benign entries first, so the test also shows that what came before the bad entry is not kept. */
        private static Tar benignStart() {
            return new Tar().file("model.bin", "weights").file("sub/ok.txt", "ok");
        }

        static Stream<Arguments> unsafe() {
            return Stream.of(
                    Arguments.of(
                            "dot-dot name",
                            benignStart().file("../evil.txt", "x"),
                            "../evil.txt",
                            "has '..' in its name '../evil.txt'"),
                    Arguments.of(
                            "dot-dot inside a name",
                            benignStart().file("sub/../../evil.txt", "x"),
                            "sub/../../evil.txt",
                            "has '..' in its name 'sub/../../evil.txt'"),
                    Arguments.of(
                            "absolute name",
                            benignStart().file("/abs/evil.txt", "x"),
                            "/abs/evil.txt",
                            "has the absolute name '/abs/evil.txt'"),
                    Arguments.of(
                            "drive-letter name",
                            benignStart().file("C:/evil.txt", "x"),
                            "C:/evil.txt",
                            "has the absolute name 'C:/evil.txt'"),
                    Arguments.of(
                            "symlink pointing up",
                            benignStart().symlink("up", "../../outside"),
                            "up",
                            "is a link to '../../outside', outside the target directory"),
                    Arguments.of(
                            "symlink to an absolute path",
                            benignStart().symlink("passwd", "/etc/passwd"),
                            "passwd",
                            "is a link to the absolute path '/etc/passwd'"),
                    Arguments.of(
                            "hard link to an absolute path",
                            benignStart().hardlink("passwd", "/etc/passwd"),
                            "passwd",
                            "has the absolute name '/etc/passwd'"),
                    Arguments.of(
                            "hard link pointing up",
                            benignStart().hardlink("h", "../outside.txt"),
                            "h",
                            "has '..' in its name '../outside.txt'"),
                    Arguments.of(
                            "hard link to a directory",
                            benignStart().hardlink("h", "sub"),
                            "h",
                            "is a hard link to 'sub', which is not a file extracted before it"),
                    Arguments.of(
                            "hard link to a file not extracted",
                            benignStart().hardlink("h", "later.bin"),
                            "h",
                            "is a hard link to 'later.bin', which is not a file extracted before it"),
                    Arguments.of(
                            "link to self, then dot-dot through it",
                            benignStart().symlink("link", ".").file("link/../../x", "x"),
                            "link/../../x",
                            "has '..' in its name 'link/../../x'"),
                    Arguments.of(
                            "symlink dir out, then a file through it",
                            benignStart().symlink("out", "..").file("out/escaped.txt", "x"),
                            "out",
                            "is a link to '..', outside the target directory"));
        }

        static Stream<Arguments> specialFiles() {
            return Stream.of(
                    Arguments.of(
                            "FIFO",
                            benignStart().special("pipe", TarConstants.LF_FIFO),
                            "pipe",
                            "is a device, FIFO or other special file"),
                    Arguments.of(
                            "character device",
                            benignStart().special("tty", TarConstants.LF_CHR),
                            "tty",
                            "is a device, FIFO or other special file"),
                    Arguments.of(
                            "block device",
                            benignStart().special("sda", TarConstants.LF_BLK),
                            "sda",
                            "is a device, FIFO or other special file"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("specialFiles")
        void specialFilesAreRefusedAndNothingIsExtracted(String description, Tar tar, String entry, String why)
                throws IOException {
            isRefusedAndNothingIsExtracted(description, tar, entry, why);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("unsafe")
        void isRefusedAndNothingIsExtracted(String description, Tar tar, String entry, String why) throws IOException {
            Path archive = tar.writeTo(archives.resolve("evil.tar.gz"));

            assertThatThrownBy(() -> ArchiveExtractor.extract(archive, target, SOURCE))
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessage(
                            "Refusing to extract " + SOURCE + ": entry '" + entry + "' " + why
                                    + ". Nothing was extracted. The archive was not written by modelstore; check who wrote it.");

            assertNothingExtractedNorEscaped();
        }

        /**
         * A symlink that is inside by string normalization but not once links are followed: "a/up" -> ".." is
         * the staging root, so "esc" -> "a/up/../.." normalizes to the staging root too, yet really points at the
         * parent of the target directory.
         */
        static Stream<Arguments> escapesThroughALinkThatLooksInside() {
            return Stream.of(
                    Arguments.of(
                            "link left pointing out",
                            benignStart().dir("a/").symlink("a/up", "..").symlink("esc", "a/up/../..")),
                    Arguments.of(
                            "directory created through it",
                            benignStart()
                                    .dir("a/")
                                    .symlink("a/up", "..")
                                    .symlink("esc", "a/up/../..")
                                    .dir("esc/made-outside/")),
                    Arguments.of(
                            "hard link to an outside file through it",
                            benignStart()
                                    .dir("a/")
                                    .symlink("a/up", "..")
                                    .symlink("esc", "a/up/../..")
                                    .hardlink("stolen", "esc/secret.txt")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("escapesThroughALinkThatLooksInside")
        void isRefusedEvenWhenTheLinkLooksInside(String description, Tar tar) throws IOException {
            Path secret = write(work.resolve("secret.txt"), "secret");
            Path archive = tar.writeTo(archives.resolve("evil.tar.gz"));

            assertThatThrownBy(() -> ArchiveExtractor.extract(archive, target, SOURCE))
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageStartingWith("Refusing to extract " + SOURCE + ": entry '");

            assertThat(
                            secret.getFileSystem().supportedFileAttributeViews().contains("unix")
                                    ? Files.getAttribute(secret, "unix:nlink")
                                    : 1)
                    .isEqualTo(1);
            Files.delete(secret);
            assertNothingExtractedNorEscaped();
        }

        private void assertNothingExtractedNorEscaped() throws IOException {
            // Not a file, not the staging directory.
            assertThat(target).isEmptyDirectory();
            // Nothing next to the target, nor next to the archive, nor at the archive's absolute paths.
            assertThat(tree(work)).containsExactly("target");
            assertThat(tree(tmp)).containsExactly("archives", "archives/evil.tar.gz", "work", "work/target");
            assertThat(Path.of("/abs/evil.txt")).doesNotExist();
            assertThat(Path.of("C:/evil.txt")).doesNotExist();
            assertThat(Files.isSymbolicLink(Path.of("/etc/passwd"))).isFalse();
        }
    }

    @Test
    void theTarHelperKeepsLeadingSlashes() throws IOException {
        // Guards the malicious-archive tests: a stripped '/abs/evil.txt' would test nothing.
        Path archive = new Tar().file("/abs/evil.txt", "x").writeTo(tmp.resolve("a.tar.gz"));
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)))) {
            assertThat(tar.getNextEntry().getName()).isEqualTo("/abs/evil.txt");
        }
        assertThat(Files.exists(archive, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}

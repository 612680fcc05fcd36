package io.modelstore.internal.archive;

import static io.modelstore.internal.archive.ArchiveFixtures.SOURCE;
import static io.modelstore.internal.archive.ArchiveFixtures.random;
import static io.modelstore.internal.archive.ArchiveFixtures.sha256;
import static io.modelstore.internal.archive.ArchiveFixtures.tree;
import static io.modelstore.internal.archive.ArchiveFixtures.write;
import static io.modelstore.internal.archive.ArchiveFixtures.writeArchive;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ProgressListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive an upload writes: its entries in order, its digest, its compression, read back by extraction. */
class ArchiveWriterTest {

    @TempDir
    Path tmp;

    /** Every progress event heard, as "stage done/total". */
    private final List<String> heard = new ArrayList<>();

    private final ProgressListener progress = (stage, done, total) -> heard.add(stage + " " + done + "/" + total);

    @Test
    void writeThenExtractGivesBackTheSameFiles() throws Exception {
        byte[] modelBytes = random(300_000, 1);
        Path model = write(tmp.resolve("in/model.joblib"), modelBytes);
        Path weights = tmp.resolve("in/weights");
        write(weights.resolve("w1.bin"), random(10, 2));
        write(weights.resolve("nested/w2.bin"), new byte[0]); // an empty file too
        Path readme = write(tmp.resolve("docs/README.txt"), "read me\n");
        Path notes = tmp.resolve("docs/notes");
        write(notes.resolve("a.md"), "# a\n");
        byte[] modelInfo =
                "{\"library\": \"sklearn\", \"type\": \"LogisticRegression\"}".getBytes(StandardCharsets.US_ASCII);
        Path archive = tmp.resolve("artifacts.tar.gz");

        ArchiveDigest digest = writeArchive(
                UploadPlan.of(List.of(model, weights), List.of(readme, notes)), modelInfo, archive, 1, progress);

        // The digest is of the archive file as written, computed independently here.
        byte[] archiveBytes = Files.readAllBytes(archive);
        assertThat(digest.sha256()).isEqualTo(sha256(archiveBytes)).hasSize(64);
        assertThat(digest.size()).isEqualTo(archiveBytes.length);

        // model-info.json first, then the model's files, then the extras.
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(archiveBytes)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names)
                .containsExactly(
                        "model-info.json",
                        "model.joblib",
                        "nested/w2.bin",
                        "w1.bin",
                        "extras/README.txt",
                        "extras/notes/a.md");

        Path target = tmp.resolve("out");
        List<Path> extracted = ArchiveExtractor.extract(archive, target, SOURCE);

        assertThat(extracted)
                .containsExactlyInAnyOrder(
                        target.resolve("model-info.json"),
                        target.resolve("model.joblib"),
                        target.resolve("nested"),
                        target.resolve("w1.bin"),
                        target.resolve("extras"));
        assertThat(tree(target))
                .containsExactly(
                        "extras",
                        "extras/README.txt",
                        "extras/notes",
                        "extras/notes/a.md",
                        "model-info.json",
                        "model.joblib",
                        "nested",
                        "nested/w2.bin",
                        "w1.bin");
        assertThat(target.resolve("model-info.json")).hasBinaryContent(modelInfo);
        assertThat(target.resolve("model.joblib")).hasBinaryContent(modelBytes);
        assertThat(target.resolve("w1.bin")).hasSameBinaryContentAs(weights.resolve("w1.bin"));
        assertThat(target.resolve("nested/w2.bin")).isEmptyFile();
        assertThat(target.resolve("extras/README.txt")).hasSameBinaryContentAs(readme);
        assertThat(target.resolve("extras/notes/a.md")).hasSameBinaryContentAs(notes.resolve("a.md"));

        // Progress counts the files' bytes read into the archive: from nothing to all of them.
        long inputs = 300_000L + 10 + "read me\n".length() + "# a\n".length();
        assertThat(heard).first().isEqualTo("archiving 0/" + inputs);
        assertThat(heard).last().isEqualTo("archiving " + inputs + "/" + inputs);
    }

    @Test
    void randomDataIsStoredAndTextIsCompressed() throws Exception {
        Path weights = write(tmp.resolve("w/weights.bin"), random(6 << 20, 9));
        Path text = write(tmp.resolve("t/vocab.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(150_000));
        ArchiveDigest random = writeArchive(
                UploadPlan.of(List.of(weights), List.of()),
                new byte[0],
                tmp.resolve("w.tar.gz"),
                1,
                ProgressListener.NONE);
        ArchiveDigest compressible = writeArchive(
                UploadPlan.of(List.of(text), List.of()),
                new byte[0],
                tmp.resolve("t.tar.gz"),
                1,
                ProgressListener.NONE);
        // Stored random data costs a little framing; text shrinks to a small fraction.
        assertThat(random.size()).isBetween(6L << 20, (6L << 20) + (64 << 10));
        assertThat(compressible.size()).isLessThan(Files.size(text) / 20);
        assertThat(ArchiveExtractor.extract(tmp.resolve("w.tar.gz"), tmp.resolve("w-out"), SOURCE))
                .isNotEmpty();
        assertThat(tmp.resolve("w-out/weights.bin")).hasSameBinaryContentAs(weights);
    }
}

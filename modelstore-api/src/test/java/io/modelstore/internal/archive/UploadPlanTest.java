package io.modelstore.internal.archive;

import static io.modelstore.internal.archive.ArchiveFixtures.SOURCE;
import static io.modelstore.internal.archive.ArchiveFixtures.write;
import static io.modelstore.internal.archive.ArchiveFixtures.writeArchive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.modelstore.InvalidUploadException;
import io.modelstore.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which file of an upload becomes which archive entry, and what is refused before anything is written. */
class UploadPlanTest {

    @TempDir
    Path tmp;

    @Test
    void filesGoToTheTopLevelAndDirectoryContentsToo() throws IOException {
        Path model = write(tmp.resolve("in/model.joblib"), "m");
        Path dir = tmp.resolve("in/weights");
        Path w1 = write(dir.resolve("w1.bin"), "1");
        Path w2 = write(dir.resolve("nested/w2.bin"), "2");

        Map<String, Path> plan = UploadPlan.of(List.of(model, dir), List.of());

        // The directory's own name is not kept: its contents are the model's files.
        assertThat(plan)
                .containsExactly(
                        Map.entry("model.joblib", model), Map.entry("nested/w2.bin", w2), Map.entry("w1.bin", w1));
    }

    @Test
    void extrasGoUnderExtras() throws IOException {
        Path model = write(tmp.resolve("in/model.joblib"), "m");
        Path readme = write(tmp.resolve("docs/README.txt"), "r");
        Path notes = tmp.resolve("docs/notes");
        Path a = write(notes.resolve("a.md"), "a");
        // Same name as the model file, but under extras/: no clash.
        Path sameName = write(tmp.resolve("other/model.joblib"), "x");

        Map<String, Path> plan = UploadPlan.of(List.of(model), List.of(readme, notes, sameName));

        // An extra directory keeps its name below extras/.
        assertThat(plan)
                .containsExactly(
                        Map.entry("model.joblib", model),
                        Map.entry("extras/README.txt", readme),
                        Map.entry("extras/notes/a.md", a),
                        Map.entry("extras/model.joblib", sameName));
    }

    @Test
    void twoFilesWithTheSameNameClash() throws IOException {
        Path first = write(tmp.resolve("a/model.bin"), "1");
        Path second = write(tmp.resolve("b/model.bin"), "2");

        assertThatThrownBy(() -> UploadPlan.of(List.of(first, second), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Two files would both be stored as 'model.bin' in the archive: '" + first + "' and '"
                        + second + "'. Rename one of them or put them in a directory.");
    }

    @Test
    void aFileClashesWithTheSameNameInADirectory() throws IOException {
        Path file = write(tmp.resolve("a/x.txt"), "1");
        Path dir = tmp.resolve("b");
        Path inDir = write(dir.resolve("x.txt"), "2");

        assertThatThrownBy(() -> UploadPlan.of(List.of(file, dir), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Two files would both be stored as 'x.txt' in the archive: '" + file + "' and '" + inDir
                        + "'. Rename one of them or put them in a directory.");
    }

    @Test
    void twoExtrasWithTheSameNameClash() throws IOException {
        Path model = write(tmp.resolve("model.bin"), "m");
        Path first = write(tmp.resolve("a/notes.txt"), "1");
        Path second = write(tmp.resolve("b/notes.txt"), "2");

        assertThatThrownBy(() -> UploadPlan.of(List.of(model), List.of(first, second)))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Two files would both be stored as 'extras/notes.txt' in the archive: '" + first + "' and '"
                        + second + "'. Rename one of them or put them in a directory.");
    }

    @Test
    void aFileNamedModelInfoJsonIsRefused() throws IOException {
        Path info = write(tmp.resolve("model-info.json"), "{}");

        assertThatThrownBy(() -> UploadPlan.of(List.of(info), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + info + "': the archive's 'model-info.json' is written by the store. "
                        + "Rename the file.");
    }

    @Test
    void modelInfoJsonAtTheTopOfADirectoryIsRefusedToo() throws IOException {
        Path dir = tmp.resolve("model");
        write(dir.resolve("model.bin"), "m");
        Path info = write(dir.resolve("model-info.json"), "{}");

        assertThatThrownBy(() -> UploadPlan.of(List.of(dir), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + info + "': the archive's 'model-info.json' is written by the store. "
                        + "Rename the file.");
    }

    @Test
    void modelInfoJsonElsewhereIsAnOrdinaryFile() throws IOException {
        Path dir = tmp.resolve("model");
        Path nested = write(dir.resolve("sub/model-info.json"), "{}");
        Path extra = write(tmp.resolve("extra/model-info.json"), "{}");

        assertThat(UploadPlan.of(List.of(dir), List.of(extra)))
                .containsExactly(Map.entry("sub/model-info.json", nested), Map.entry("extras/model-info.json", extra));
    }

    @Test
    void aMissingFileIsRefused() throws IOException {
        Path model = write(tmp.resolve("model.bin"), "m");
        Path missing = tmp.resolve("nope.bin");

        assertThatThrownBy(() -> UploadPlan.of(List.of(model, missing), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + missing + "': no such file or directory. Check the path.");
        assertThatThrownBy(() -> UploadPlan.of(List.of(model), List.of(missing)))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + missing + "': no such file or directory. Check the path.");
    }

    @Test
    void nothingToUpload() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty/sub")).getParent();

        assertThatThrownBy(() -> UploadPlan.of(List.of(), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Nothing to upload: no model file was given. Add one with "
                        + "UploadRequest.builder(domain).file(path).");
        assertThatThrownBy(() -> UploadPlan.of(List.of(empty), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Nothing to upload: the directories [" + empty + "] hold no files.");
    }

    @ParameterizedTest(name = "a link to a {0}")
    @ValueSource(strings = {"file", "directory"})
    void aLinkOutOfTheDirectoryIsRefused(String kind) throws IOException {
        Path secret = write(tmp.resolve("outside/secret.txt"), "not part of the model");
        Path dir = tmp.resolve("model");
        write(dir.resolve("model.bin"), "m");
        Path link = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("sub")).resolve("out"),
                kind.equals("file") ? Path.of("../../outside/secret.txt") : Path.of("../../outside"));
        Path pointsTo =
                kind.equals("file") ? secret.toRealPath() : secret.getParent().toRealPath();

        for (List<Path> extras : List.of(List.<Path>of(), List.of(dir))) {
            List<Path> files = extras.isEmpty() ? List.of(dir) : List.of(write(tmp.resolve("m.bin"), "m"));
            assertThatThrownBy(() -> UploadPlan.of(files, extras))
                    .isInstanceOf(InvalidUploadException.class)
                    .hasMessage("Cannot upload '" + link + "': it is a link to '" + pointsTo + "', outside the "
                            + "directory '" + dir + "' being uploaded. Copy what it points to into the directory, or "
                            + "upload it on its own.");
        }
    }

    @Test
    void aLinkThatStaysInsideIsStoredAsWhatItPointsTo() throws IOException {
        Path dir = tmp.resolve("model");
        Path model = write(dir.resolve("model.bin"), "m");
        Path weights = write(dir.resolve("weights/w.bin"), "w");
        Files.createSymbolicLink(dir.resolve("latest"), Path.of("model.bin"));
        Files.createSymbolicLink(dir.resolve("current"), Path.of("weights"));
        // A link given as the model itself is what the user named: it is followed wherever it points.
        Path named = Files.createSymbolicLink(tmp.resolve("named.bin"), model);

        Map<String, Path> plan = UploadPlan.of(List.of(dir, named), List.of());

        assertThat(plan)
                .containsExactly(
                        Map.entry("current/w.bin", dir.resolve("current/w.bin")),
                        Map.entry("latest", dir.resolve("latest")),
                        Map.entry("model.bin", model),
                        Map.entry("weights/w.bin", weights),
                        Map.entry("named.bin", named));
        Path archive = tmp.resolve("a.tar.gz");
        writeArchive(plan, new byte[0], archive, 1, ProgressListener.NONE);
        Path out = tmp.resolve("out");
        ArchiveExtractor.extract(archive, out, SOURCE);
        assertThat(Files.isSymbolicLink(out.resolve("latest"))).isFalse();
        assertThat(out.resolve("latest")).hasContent("m");
        assertThat(out.resolve("current/w.bin")).hasContent("w");
    }

    static Stream<Arguments> linksThatCannotBeFollowed() {
        return Stream.of(
                Arguments.of(
                        "gone.bin",
                        "nowhere.bin",
                        "which does not exist. Remove the link, or restore what it " + "points to."),
                Arguments.of(
                        "sub/up", "..", "a directory that holds it, so the upload would never end. Remove the link."));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("linksThatCannotBeFollowed")
    void aLinkToNothingOrToADirectoryThatHoldsItIsRefused(String name, String target, String why) throws IOException {
        Path dir = tmp.resolve("model");
        write(dir.resolve("model.bin"), "m");
        Path link = dir.resolve(name);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));

        assertThatThrownBy(() -> UploadPlan.of(List.of(dir), List.of()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + link + "': it is a link to '" + target + "', " + why);
    }

    @Test
    void aRelativeExtraDirectoryIsPlanned() throws IOException {
        // The surefire working directory is the module directory, which has src/.
        Path src = Path.of("src");
        assumeThat(src.resolve("test/resources/broken-backend")).isDirectory();
        Path model = write(tmp.resolve("model.bin"), "m");

        Map<String, Path> plan = UploadPlan.of(List.of(model), List.of(src));

        assertThat(plan)
                .containsEntry(
                        "extras/src/test/resources/broken-backend/META-INF/services/"
                                + "io.modelstore.spi.StorageProvider",
                        Path.of("src/test/resources/broken-backend/META-INF/services/io.modelstore.spi.StorageProvider")
                                .toAbsolutePath());
    }
}

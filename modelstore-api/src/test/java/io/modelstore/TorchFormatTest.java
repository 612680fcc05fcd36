package io.modelstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.internal.archive.ArchiveExtractor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files PyTorch saved, told apart by content: the TorchScript and the torch.save pickle Python wrote for the runtimes
 * fixture (torch 1.13), a legacy pickle, and look-alikes that are neither.
 */
class TorchFormatTest {

    private static final String TORCHSCRIPT_ID = "a3e8bf04-60b8-4a42-a747-e2fccdaf50e7";
    private static final String PICKLE_ID = "dad24dbe-b123-4fcb-94a1-4f29ac94f796";

    @TempDir
    Path tmp;

    static final Path RUNTIMES = Fixtures.sharedDir()
            .resolve("fixtures/python-modelstore-0.0.81-runtimes/store/" + "operatorai-model-store");

    /** The files of a model of Python's runtimes fixture, extracted into {@code target}. */
    static Path pythonModel(Path target, String domain, String modelId) throws IOException {
        Path archive;
        try (java.util.stream.Stream<Path> found = Files.find(
                RUNTIMES.resolve(domain), 3, (path, attributes) -> path.endsWith(modelId + "/artifacts.tar.gz"))) {
            archive = found.findFirst().orElseThrow();
        }
        ArchiveExtractor.extract(archive, target, archive.toString());
        return target;
    }

    /** The metadata Python wrote for a model of the runtimes fixture. */
    static ModelMetadata pythonMetadata(String domain, String modelId) throws IOException {
        return ModelMetadata.fromJson(Files.readString(RUNTIMES.resolve(domain + "/versions/" + modelId + ".json")));
    }

    @Test
    void pythonsTorchScriptIsTorchScriptWhateverItsName() throws IOException {
        Path files = pythonModel(tmp.resolve("ts"), "ranker-ts", TORCHSCRIPT_ID);
        Path renamed = Files.move(files.resolve("model.pt"), files.resolve("ranker.bin"));

        assertThat(TorchFormat.of(renamed)).contains(TorchFormat.TORCHSCRIPT);
        assertThat(TorchFormat.TORCHSCRIPT.filesIn(files)).containsExactly(renamed);
        assertThat(TorchFormat.PICKLE.filesIn(files)).isEmpty();
    }

    @Test
    void pythonsTorchSavePicklesArePickles() throws IOException {
        Path files = pythonModel(tmp.resolve("pickle"), "ranker-pickle", PICKLE_ID);

        assertThat(TorchFormat.of(files.resolve("model.pt"))).contains(TorchFormat.PICKLE);
        assertThat(TorchFormat.PICKLE.filesIn(files))
                .containsExactly(files.resolve("checkpoint.pt"), files.resolve("model.pt"));
        assertThat(TorchFormat.TORCHSCRIPT.filesIn(files)).isEmpty();
    }

    @Test
    void aLegacyPickleIsAPickle() throws IOException {
        // torch.save(..., _use_new_zipfile_serialization=False): PROTO 2, then the magic number as a LONG1.
        Path legacy = Files.write(tmp.resolve("legacy.pt"), new byte[] {
            (byte) 0x80,
            2,
            (byte) 0x8a,
            10,
            0x6c,
            (byte) 0xfc,
            (byte) 0x9c,
            0x46,
            (byte) 0xf9,
            0x20,
            0x6a,
            (byte) 0xa8,
            0x50,
            0x19,
            '.',
            (byte) 0x80,
            2
        });

        assertThat(TorchFormat.of(legacy)).contains(TorchFormat.PICKLE);
    }

    @Test
    void otherFilesAreNeither() throws IOException {
        Path otherPickle = Files.write(
                tmp.resolve("joblib.pkl"),
                new byte[] {(byte) 0x80, 4, (byte) 0x95, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '.'});
        Path notAZip = Files.write(tmp.resolve("fake.pt"), new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        Path short1 = Files.write(tmp.resolve("short.pt"), new byte[] {(byte) 0x80});
        Path codeOnly = zip("code-only.pt", "model/code/__torch__/m.py", "model/data.pkl"); // no constants.pkl
        Path constantsOnly = zip("constants-only.pt", "model/constants.pkl", "model/data.pkl", "model/code/");
        Path plainZip = zip("bundle.zip", "README", "model/weights.bin");
        Files.createDirectory(tmp.resolve("dir.pt"));

        assertThat(TorchFormat.of(otherPickle)).isEmpty();
        assertThat(TorchFormat.of(notAZip)).isEmpty();
        assertThat(TorchFormat.of(short1)).isEmpty();
        assertThat(TorchFormat.of(codeOnly))
                .as("a torch zip without constants is a pickle's layout")
                .contains(TorchFormat.PICKLE);
        assertThat(TorchFormat.of(constantsOnly)).as("an empty code directory").contains(TorchFormat.PICKLE);
        assertThat(TorchFormat.of(plainZip)).isEmpty();
        assertThat(TorchFormat.of(tmp.resolve("dir.pt"))).isEmpty();
        assertThat(TorchFormat.of(zip("split.pt", "a/code/m.py", "b/constants.pkl")))
                .as("code and constants under " + "different roots")
                .isEmpty();
    }

    private Path zip(String name, String... entries) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(1);
                zip.closeEntry();
            }
        }
        return file;
    }
}

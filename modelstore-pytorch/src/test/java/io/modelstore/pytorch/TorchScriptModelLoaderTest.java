package io.modelstore.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loader says of itself and of a model's files, without starting PyTorch. */
class TorchScriptModelLoaderTest {

    private final TorchScriptModelLoader loader = new TorchScriptModelLoader();

    @Test
    void itReadsTorchscriptIntoAZooModel() {
        assertThat(loader.library()).isEqualTo("torchscript");
        assertThat(loader.typeName()).isEqualTo(ai.djl.repository.zoo.ZooModel.class.getName());
    }

    @Test
    void itRecognizesTorchScriptByContentAndNotAPickle(@TempDir Path tmp) throws Exception {
        ModelMetadata meta = ModelMetadata.fromJson("{\"model\": {\"domain\": \"d\", \"model_id\": \"m\", "
                + "\"model_type\": {\"library\": \"model_file\"}}}");
        Path script;
        Path pickles;
        try (ModelStore python = ModelStore.fromFileSystem(
                PythonFixture.directory(PythonFixture.RUNTIMES).resolve("store"))) {
            script = python.download(tmp.resolve("ts"), Torch.DOMAIN, null);
            pickles = python.download(tmp.resolve("pickle"), Torch.PICKLE_DOMAIN, null);
        }
        Files.move(script.resolve("model.pt"), script.resolve("ranker.bin"));

        assertThat(loader.recognizes(script, meta)).isTrue();
        assertThat(loader.recognizes(pickles, meta)).isFalse();
        assertThat(loader.recognizes(Files.createDirectory(tmp.resolve("empty")), meta))
                .isFalse();
    }
}

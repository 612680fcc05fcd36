package io.modelstore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Guice-injected service and the quickstart, run as a user runs them. */
class GuiceExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theInjectedServicePublishesAndServes() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        String output =
                captured(() -> GuiceExample.main(new String[] {root.toUri().toString()}));
        assertThat(output).contains("models in fraud-detector: 1").contains("model.onnx matches what was published");
        try (ModelStore store = ModelStore.fromFileSystem(root)) {
            assertThat(store.listModels("fraud-detector", "production")).hasSize(1);
        }
    }

    @Test
    void theQuickstartUploadsListsAndDownloads() throws Exception {
        Path root = tmp.resolve("quickstart-store");
        String output = captured(() -> Quickstart.main(new String[] {root.toString()}));
        assertThat(output)
                .contains("model.bin is identical to the uploaded file")
                .contains("Domains: [fraud-detector]");
        assertThat(root.resolve("operatorai-model-store/domains/fraud-detector.json"))
                .exists();
    }

    interface Main {
        void run() throws Exception;
    }

    private static String captured(Main main) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

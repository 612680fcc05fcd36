package io.modelstore.tck;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store that something else damaged: metadata copied under another id or domain, an empty or truncated file left
 * by a Python writer that crashed (Python writes in place). Readers report such files and go on; nothing is followed
 * to another model's archive.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class DamagedStoreContract extends StoreContract {

    private static final String BASE = "operatorai-model-store/";

    @Test
    void metadataCopiedUnderAnotherIdIsReportedAndNeverFollowed() throws IOException {
        ModelMetadata real = store.upload(UploadRequest.builder("fraud").file(file("real.bin", "real")).modelId("real").build());
        write(BASE + "fraud/versions/copy.json", read(BASE + "fraud/versions/real.json"));

        assertThatThrownBy(() -> store.getModelInfo("fraud", "copy"))
                .isInstanceOf(StorageException.class)
                .hasMessage("The metadata at " + BASE + "fraud/versions/copy.json names model 'real' of domain 'fraud', not "
                        + "'copy' of 'fraud': it was copied or changed by hand, and is not followed. Restore the model's own "
                        + "metadata, or delete the file.");
        Path target = tmp.resolve("target");
        assertThatThrownBy(() -> store.download(target, "fraud", "copy")).isInstanceOf(StorageException.class);
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> store.deleteModel("fraud", "copy")).isInstanceOf(StorageException.class);

        // The real model is untouched: its archive is still there and it downloads.
        assertThat(store.listModels("fraud")).contains("real");
        store.download(tmp.resolve("real"), "fraud", real.modelId());
        assertThat(tmp.resolve("real/real.bin")).hasContent("real");
    }

    @Test
    void metadataNamingAnotherDomainsModelIsNotFollowed() throws IOException {
        store.upload(UploadRequest.builder("payments").file(file("p.bin", "payments")).modelId("p1").build());
        store.upload(UploadRequest.builder("fraud").file(file("f.bin", "fraud")).modelId("f1").build());
        byte[] foreign = read(BASE + "payments/versions/p1.json");
        write(BASE + "fraud/versions/p1.json", foreign);
        write(BASE + "domains/fraud.json", foreign); // a pointer copied from the other domain

        assertThatThrownBy(() -> store.deleteModel("fraud", "p1")).isInstanceOf(StorageException.class)
                .hasMessageContaining("names model 'p1' of domain 'payments', not 'p1' of 'fraud'");
        assertThat(store.getDomain("fraud").modelId()).as("the foreign pointer is not followed").isEqualTo("f1");
        Path latest = store.download(tmp.resolve("latest"), "fraud");
        assertThat(latest.resolve("f.bin")).hasContent("fraud");
        store.download(tmp.resolve("p1"), "payments", "p1");
        assertThat(tmp.resolve("p1/p.bin")).hasContent("payments");
    }

    @Test
    void anEmptyMetadataFileFromACrashedWriterIsSkippedByListings() throws IOException {
        store.upload(UploadRequest.builder("fraud").file(file("a.bin", "a")).modelId("good").build());
        write(BASE + "fraud/versions/crashed.json", new byte[0]);

        assertThat(store.listModels("fraud")).containsExactly("good");
        assertThat(store.listModels("fraud")).as("listed again, still without it").containsExactly("good");
        assertThatThrownBy(() -> store.getModelInfo("fraud", "crashed"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(BASE + "fraud/versions/crashed.json");
    }

    @Test
    void aTruncatedMetadataFileDoesNotBreakTheDomainsListing() throws IOException {
        // Two models uploaded in one second are ordered by their metadata: one of the two is cut off mid-write.
        Clock second = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        ModelStore sameSecond = ModelStore.builder(storage).clock(second).build();
        sameSecond.upload(UploadRequest.builder("fraud").file(file("a.bin", "a")).modelId("whole").build());
        sameSecond.upload(UploadRequest.builder("fraud").file(file("b.bin", "b")).modelId("cut").build());
        byte[] whole = read(BASE + "fraud/versions/cut.json");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        write(BASE + "fraud/versions/cut.json", cut);

        assertThat(store.listModels("fraud")).containsExactly("whole");
        assertThatThrownBy(() -> store.getModelInfo("fraud", "cut")).isInstanceOf(StorageException.class)
                .hasMessageContaining(BASE + "fraud/versions/cut.json");
    }

    // ------------------------------------------------------------------ helpers

    private Path file(String name, String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + System.nanoTime()));
        return Files.writeString(dir.resolve(name), content);
    }

    private byte[] read(String key) {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String key, byte[] content) {
        assertThat(storage.write(key, content, WriteCondition.always())).isTrue();
    }
}

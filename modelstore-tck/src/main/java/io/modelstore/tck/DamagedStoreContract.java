package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.StoreDamagedException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A store that something else damaged: metadata copied under another id or domain, an empty or truncated file left
 * by a Python writer that crashed (Python writes in place). Readers report such files and go on; nothing is followed
 * to another model's archive.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class DamagedStoreContract extends StoreContract {

    private static final String BASE = "operatorai-model-store/";

    /** For the subclasses. */
    protected DamagedStoreContract() {}

    @Test
    void metadataCopiedUnderAnotherIdIsReportedAndNeverFollowed() throws IOException {
        ModelMetadata real = store.upload(UploadRequest.builder("fraud")
                .file(file("real.bin", "real"))
                .modelId("real")
                .build());
        write(BASE + "fraud/versions/copy.json", read(BASE + "fraud/versions/real.json"));

        assertThatThrownBy(() -> store.getModelInfo("fraud", "copy"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessage("The metadata at " + BASE
                        + "fraud/versions/copy.json names model 'real' of domain 'fraud', not "
                        + "'copy' of 'fraud': it was copied or changed by hand, and is not followed. Restore the model's own "
                        + "metadata, or delete the file.");
        Path target = tmp.resolve("target");
        assertThatThrownBy(() -> store.download(target, "fraud", "copy")).isInstanceOf(StoreDamagedException.class);
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> store.deleteModel("fraud", "copy")).isInstanceOf(StoreDamagedException.class);

        // The real model is untouched: its archive is still there and it downloads.
        assertThat(store.listModels("fraud")).contains("real");
        store.download(tmp.resolve("real"), "fraud", real.modelId());
        assertThat(tmp.resolve("real/real.bin")).hasContent("real");
    }

    @Test
    void metadataNamingAnotherDomainsModelIsNotFollowed() throws IOException {
        store.upload(UploadRequest.builder("payments")
                .file(file("p.bin", "payments"))
                .modelId("p1")
                .build());
        store.upload(UploadRequest.builder("fraud")
                .file(file("f.bin", "fraud"))
                .modelId("f1")
                .build());
        byte[] foreign = read(BASE + "payments/versions/p1.json");
        write(BASE + "fraud/versions/p1.json", foreign);
        write(BASE + "domains/fraud.json", foreign); // a pointer copied from the other domain

        assertThatThrownBy(() -> store.deleteModel("fraud", "p1"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining("names model 'p1' of domain 'payments', not 'p1' of 'fraud'");
        assertThat(store.getDomain("fraud").modelId())
                .as("the foreign pointer is not followed")
                .isEqualTo("f1");
        Path latest = store.download(tmp.resolve("latest"), "fraud");
        assertThat(latest.resolve("f.bin")).hasContent("fraud");
        store.download(tmp.resolve("p1"), "payments", "p1");
        assertThat(tmp.resolve("p1/p.bin")).hasContent("payments");
    }

    @Test
    void anEmptyMetadataFileFromACrashedWriterIsSkippedByListings() throws IOException {
        store.upload(UploadRequest.builder("fraud")
                .file(file("a.bin", "a"))
                .modelId("good")
                .build());
        write(BASE + "fraud/versions/crashed.json", new byte[0]);

        String logged = Warnings.loggedDuring(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(store.listModels("fraud")).as("listing " + (i + 1)).containsExactly("good");
            }
        });
        // A service that lists every few seconds must not fill its log with the same warning.
        assertThat(Warnings.count(
                        logged, "Not listing the model whose metadata is " + BASE + "fraud/versions/crashed.json"))
                .as("warned once, in: " + logged)
                .isEqualTo(1);
        assertThatThrownBy(() -> store.getModelInfo("fraud", "crashed"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining(BASE + "fraud/versions/crashed.json");
    }

    @Test
    void aTruncatedMetadataFileDoesNotBreakTheDomainsListing() throws IOException {
        // Two models uploaded in one second are ordered by their metadata: one of the two is cut off mid-write.
        Clock second = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        ModelStore sameSecond = ModelStore.builder(storage).clock(second).build();
        sameSecond.upload(UploadRequest.builder("fraud")
                .file(file("a.bin", "a"))
                .modelId("whole")
                .build());
        sameSecond.upload(UploadRequest.builder("fraud")
                .file(file("b.bin", "b"))
                .modelId("cut")
                .build());
        byte[] whole = read(BASE + "fraud/versions/cut.json");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        write(BASE + "fraud/versions/cut.json", cut);

        String logged = Warnings.loggedDuring(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(store.listModels("fraud")).as("listing " + (i + 1)).containsExactly("whole");
            }
        });
        assertThat(Warnings.count(
                        logged, "Not listing the model whose metadata is " + BASE + "fraud/versions/cut.json"))
                .as("warned once, in: " + logged)
                .isEqualTo(1);
        assertThatThrownBy(() -> store.getModelInfo("fraud", "cut"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining(BASE + "fraud/versions/cut.json");
    }

    @Test
    void metadataThatRecordsNoArchiveLocationStillFindsItsOwnArchive() throws IOException {
        at(Instant.parse("2026-03-04T05:06:07Z"))
                .upload(UploadRequest.builder("fraud")
                        .file(file("a.bin", "a"))
                        .modelId("first")
                        .build());
        at(Instant.parse("2026-03-04T05:06:08Z"))
                .upload(UploadRequest.builder("fraud")
                        .file(file("b.bin", "b"))
                        .modelId("bare")
                        .build());
        // Edited by hand, or by a writer that records the location in its own way: neither path nor prefix is left.
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = (ObjectNode) json.readTree(read(BASE + "fraud/versions/bare.json"));
        ((ObjectNode) meta.get("storage")).remove(List.of("path", "prefix"));
        write(BASE + "fraud/versions/bare.json", json.writeValueAsBytes(meta));

        store.download(tmp.resolve("bare"), "fraud", "bare");
        assertThat(tmp.resolve("bare/b.bin")).hasContent("b");
        assertThat(tmp.resolve("bare/a.bin")).doesNotExist();

        store.deleteModel("fraud", "bare");
        assertThat(storage.stat(BASE + "fraud/2026.03.04-05.06.08/bare/artifacts.tar.gz"))
                .as("its archive")
                .isEmpty();
        assertThat(storage.stat(BASE + "fraud/2026.03.04-05.06.07/first/artifacts.tar.gz"))
                .as("the other's")
                .isPresent();
        store.download(tmp.resolve("first"), "fraud", "first");
        assertThat(tmp.resolve("first/a.bin")).hasContent("a");
    }

    @Test
    void aLosingWritersLeftoverArchiveDoesNotReorderTheListing() throws IOException {
        // "older" was uploaded first; a writer that lost the race for its id left an archive two seconds later.
        at(Instant.parse("2026-03-04T05:06:07Z"))
                .upload(UploadRequest.builder("fraud")
                        .file(file("a.bin", "a"))
                        .modelId("older")
                        .build());
        at(Instant.parse("2026-03-04T05:06:08Z"))
                .upload(UploadRequest.builder("fraud")
                        .file(file("b.bin", "b"))
                        .modelId("newer")
                        .build());
        String olderArchive = BASE + "fraud/2026.03.04-05.06.07/older/artifacts.tar.gz";
        String newerArchive = BASE + "fraud/2026.03.04-05.06.08/newer/artifacts.tar.gz";
        write(BASE + "fraud/2026.03.04-05.06.09/older/artifacts.tar.gz", read(olderArchive));
        // and "newer" has a leftover from before its own upload
        write(BASE + "fraud/2026.03.04-05.06.06/newer/artifacts.tar.gz", read(newerArchive));

        assertThat(store.listModels("fraud"))
                .as("ordered by the archives the metadata records")
                .containsExactly("newer", "older");
        assertThat(store.listModels("fraud")).as("listed again").containsExactly("newer", "older");
        store.download(tmp.resolve("older"), "fraud", "older");
        assertThat(tmp.resolve("older/a.bin")).hasContent("a");
    }

    // ------------------------------------------------------------------ helpers

    private ModelStore at(Instant now) {
        return ModelStore.builder(storage)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
    }

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

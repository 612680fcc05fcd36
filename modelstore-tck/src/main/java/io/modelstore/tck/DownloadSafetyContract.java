package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.ChecksumMismatchException;
import io.modelstore.DownloadOptions;
import io.modelstore.ModelMetadata;
import io.modelstore.TargetConflictException;
import io.modelstore.UnsafeArchiveException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

/**
 * What a download refuses, on every backend, with an error that says what to do and a target left as it was: files
 * the target already holds (unless asked to overwrite them) and, even then, a directory where the model has a file;
 * gzip bombs and archives that expand past the size recorded at upload; corrupt archives, which their checksum gives
 * away, and malicious ones, whose entries would leave the target. (The rest of what the store refuses is
 * {@link SafetyContract}'s, which extends this class.)
 *
 * <p>A backend's test extends {@link SafetyContract} and returns a fresh, empty storage from
 * {@link #createStorage()}.
 */
public abstract class DownloadSafetyContract extends CountedStoreContract {

    /** For the subclasses. */
    protected DownloadSafetyContract() {}

    // ------------------------------------------------------------------ the download target

    @Test
    void downloadingOverWhatTheTargetHoldsIsRefusedUnlessAskedAndNeverDeletesADirectory() throws IOException {
        ModelMetadata meta = store.upload(UploadRequest.builder("d")
                .file(file("model.bin", bytes("new")))
                .extra(file("notes.txt", bytes("notes")))
                .build());
        Path target = Files.createDirectories(tmp.resolve("serving"));
        Files.writeString(target.resolve("model.bin"), "the user's");
        Files.writeString(target.resolve("keep.txt"), "mine");
        Path real = target.toRealPath();

        assertThatThrownBy(() -> store.download(target, "d", meta.modelId()))
                .isInstanceOf(TargetConflictException.class)
                .hasMessageStartingWith("Cannot download the archive of d/" + meta.modelId() + " at "
                        + archiveKey("d", meta.modelId()) + " into " + real + ": '" + real.resolve("model.bin")
                        + "' is already there. Nothing was changed.");
        assertThat(paths(target)).containsExactly("keep.txt", "model.bin");
        assertThat(target.resolve("model.bin")).hasContent("the user's");

        store.download(target, "d", meta.modelId(), DownloadOptions.defaults().withOverwrite(true));
        assertThat(paths(target))
                .containsExactly("extras", "extras/notes.txt", "keep.txt", "model-info.json", "model.bin");
        assertThat(target.resolve("model.bin")).hasContent("new");
        assertThat(target.resolve("keep.txt")).hasContent("mine");

        // A user's directory named like a file of the model is never deleted, even with overwrite.
        Path other = tmp.resolve("other");
        Files.writeString(
                Files.createDirectories(other.resolve("model.bin")).resolve("weights.txt"), "the user's tree");
        assertThatThrownBy(() -> store.download(
                        other, "d", meta.modelId(), DownloadOptions.defaults().withOverwrite(true)))
                .isInstanceOf(TargetConflictException.class)
                .hasMessageContaining(": '" + other.toRealPath().resolve("model.bin") + "' is a directory there, where "
                        + "the model has a file. Nothing was changed: a download never deletes a directory, even with "
                        + "overwrite.");
        assertThat(paths(other)).containsExactly("model.bin", "model.bin/weights.txt");
        assertThat(other.resolve("model.bin/weights.txt")).hasContent("the user's tree");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        store.download(empty, "d", meta.modelId());
        assertThat(paths(empty)).containsExactly("extras", "extras/notes.txt", "model-info.json", "model.bin");
    }

    // ------------------------------------------------------------------ archives: bounded and checked

    @Test
    void aGzipBombIsStoppedAndLeavesNothing() throws IOException {
        byte[] bomb = tarGz(Map.of("zeros.bin", new byte[8 << 20]));
        assertThat(bomb.length).isLessThan(64 << 10);
        writePythonModel("d", "bomb", bomb); // Python records no expanded size: the configured limit applies
        Path target = tmp.resolve("out");

        assertThatThrownBy(() -> store.download(
                        target, "d", "bomb", DownloadOptions.defaults().withMaxExpandedSize(1 << 20)))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageStartingWith("Refusing to extract the archive of d/bomb at " + base()
                        + "d/2025.01.01-00.00.00/bomb/artifacts.tar.gz: its files expand to more than 1 MiB, the limit "
                        + "on a model's expanded size. Nothing was extracted.");
        assertThat(paths(target)).as("nothing, not even the staging directory").isEmpty();
    }

    @Test
    void anArchiveThatExpandsPastItsRecordedSizeIsStopped() throws IOException {
        ModelMetadata meta = store.upload("d", file("model.bin", bytes("small")));
        long recorded = meta.expandedSize().orElseThrow();
        storage.write(
                archiveKey("d", meta.modelId()),
                tarGz(Map.of("model.bin", new byte[8 << 20])),
                WriteCondition.always());
        Path target = tmp.resolve("out");

        // Its checksum tells that it is not the archive uploaded, once the recorded size has stopped the extraction.
        assertThatThrownBy(() -> store.download(target, "d", meta.modelId()))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(paths(target)).isEmpty();

        // Without a checksum to tell, the recorded size alone refuses it.
        String metadataKey = base() + "d/versions/" + meta.modelId() + ".json";
        ObjectNode json = (ObjectNode) JSON.readTree(read(metadataKey));
        ((ObjectNode) json.get("storage")).remove(List.of("sha256", "size"));
        storage.write(metadataKey, JSON.writeValueAsBytes(json), WriteCondition.always());
        assertThatThrownBy(() -> store.download(target, "d", meta.modelId()))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining(
                        ": its files expand to more than the " + recorded + " bytes recorded at upload, so it "
                                + "is not the archive that was uploaded. Nothing was extracted.");
        assertThat(paths(target)).isEmpty();
    }

    @Test
    void aCorruptArchiveIsDetectedAndNothingIsExtracted() throws IOException {
        ModelMetadata meta = store.upload("d", file("model.bin", bytes("the real model")));
        String key = archiveKey("d", meta.modelId());
        // A valid archive with other content: only the checksum can tell.
        storage.write(key, tarGz(Map.of("model.bin", bytes("a tampered model"))), WriteCondition.always());

        Path target = tmp.resolve("out");
        assertThatThrownBy(() -> store.download(target, "d", meta.modelId()))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageStartingWith("The archive of model '" + meta.modelId() + "' in domain 'd' at " + key
                        + " is corrupt: its SHA-256 is ")
                .hasMessageContaining("Nothing was extracted.");
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void maliciousArchivesExtractNothing() throws IOException {
        Map<String, TarEntryWriter> attacks = Map.of(
                "dotdot", tar -> file(tar, "../escaped.txt", "x"),
                "absolute", tar -> file(tar, "/tmp/modelstore-absolute-escape.txt", "x"),
                "symlink-out", tar -> link(tar, "evil", "../../outside", TarArchiveEntry.LF_SYMLINK),
                "hardlink-out", tar -> link(tar, "evil", "/etc/passwd", TarArchiveEntry.LF_LINK),
                "through-link",
                        tar -> {
                            link(tar, "up", "..", TarArchiveEntry.LF_SYMLINK);
                            file(tar, "up/escaped.txt", "x");
                        });
        Path outside = tmp.resolve("download-root");
        for (Map.Entry<String, TarEntryWriter> attack : new java.util.TreeMap<>(attacks).entrySet()) {
            String id = attack.getKey();
            writePythonModel("evil", id, maliciousArchive(attack.getValue()));
            Path target = outside.resolve(id).resolve("target");
            assertThatThrownBy(() -> store.download(target, "evil", id))
                    .as(id)
                    .isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageContaining("Nothing was extracted");
            try (Stream<Path> everything = Files.walk(outside.resolve(id))) {
                assertThat(everything.filter(p -> !p.equals(outside.resolve(id)) && !p.equals(target)))
                        .as(id + ": nothing inside or beside the target")
                        .isEmpty();
            }
        }
        assertThat(Path.of("/tmp/modelstore-absolute-escape.txt")).doesNotExist();
    }
}

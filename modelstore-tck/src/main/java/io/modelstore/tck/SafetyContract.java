package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.modelstore.DomainNotFoundException;
import io.modelstore.InvalidNameException;
import io.modelstore.InvalidUploadException;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelExistsException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotFoundException;
import io.modelstore.ProgressListener;
import io.modelstore.StateNotFoundException;
import io.modelstore.StoreDamagedException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the store refuses, on every backend, with an error that says what to do and a store left as it was: existing
 * ids, invalid names, special files, links out of the model, metadata past its limit, files that change while
 * archived; a metadata document too large to read, tampered metadata, and a pointer Python left on a deleted model or
 * is still writing. A read of what does not exist names what does, and a model is invisible until its metadata is
 * written. It includes {@link DownloadSafetyContract}, what a download refuses (a target's conflicts; gzip bombs,
 * archives that expand past their size, corrupt or malicious archives), kept in a file of its own.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class SafetyContract extends DownloadSafetyContract {

    // ------------------------------------------------------------------ refusals leave the store as it was

    /** For the subclasses. */
    protected SafetyContract() {}

    @Test
    void uploadingAnExistingModelIdIsRefusedAndChangesNothing() throws IOException {
        store.upload(UploadRequest.builder("d")
                .file(file("model.bin", bytes("v1")))
                .modelId("v1")
                .build());
        Set<String> before = allKeys();

        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d")
                        .file(file("other.bin", bytes("v1 again")))
                        .modelId("v1")
                        .build()))
                .isInstanceOf(ModelExistsException.class)
                .hasMessage("Model 'v1' already exists in domain 'd' (it was uploaded before). "
                        + "Choose another model id, or leave it out to get a new UUID.");
        assertThat(allKeys()).isEqualTo(before);
    }

    @Test
    void invalidNamesAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path model = file("model.bin", bytes("m"));
        assertThatThrownBy(() -> store.upload("team/fraud", model))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid domain 'team/fraud': it contains '/', which would split it across storage keys. "
                        + "Use a name such as 'fraud-detector'.");
        assertThatThrownBy(() -> store.upload("..", model))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'.' and '..' would leave the store's directory");
        assertThatThrownBy(() -> store.upload("", model))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid domain '': it is empty. Use a name such as 'fraud-detector'.");
        assertThatThrownBy(() -> store.upload("versions", model))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'versions' is reserved");
        assertThatThrownBy(() -> store.upload(
                        UploadRequest.builder("d").file(model).modelId("v 1").build()))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageStartingWith("Invalid model id 'v 1': it contains ' '.");
        assertThatThrownBy(() -> store.upload(
                        UploadRequest.builder("d").file(model).modelId("").build()))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("it is empty");
        assertThatThrownBy(() -> store.createModelState("ab"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage(
                        "Invalid state name 'ab': a state name needs at least 3 characters. Use a name such as 'production'.");
        assertThatThrownBy(() -> store.createModelState("modelstore-deleted")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> store.createModelState("a/b/c")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> store.getModelInfo("d", "../../domains/x")).isInstanceOf(InvalidNameException.class);

        assertThat(allKeys()).isEmpty();
    }

    @Test
    void aFifoIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path fifo = mkfifo(tmp.resolve("in/model.pipe"));
        Path model = file("model/model.bin", bytes("m"));
        Path inDirectory = mkfifo(tmp.resolve("in/model/sub/pipe"));

        // Opening a FIFO to read it waits for a writer: without the check, the upload hangs.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> store.upload("d", fifo))
                    .isInstanceOf(InvalidUploadException.class)
                    .hasMessage("Cannot upload '" + fifo + "': it is a FIFO, not a regular file or a directory. "
                            + "Upload regular files, or a directory of them.");
            // Found in a directory, it is refused too rather than left out.
            assertThatThrownBy(() -> store.upload("d", model.getParent()))
                    .isInstanceOf(InvalidUploadException.class)
                    .hasMessageStartingWith("Cannot upload '" + inDirectory + "': it is a FIFO");
            assertThatThrownBy(() -> store.upload(UploadRequest.builder("d")
                            .file(model)
                            .extra(model.getParent())
                            .build()))
                    .isInstanceOf(InvalidUploadException.class)
                    .hasMessageStartingWith("Cannot upload '" + inDirectory + "': it is a FIFO");
        });
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void aLinkOutOfTheModelDirectoryIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path secret = file("outside/credentials.txt", bytes("not part of the model"));
        file("model/model.bin", bytes("m"));
        Path dir = tmp.resolve("in/model");
        Path link = symlink(dir.resolve("credentials.txt"), secret);

        assertThatThrownBy(() -> store.upload("d", dir))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + link + "': it is a link to '" + secret.toRealPath() + "', outside the "
                        + "directory '" + dir
                        + "' being uploaded. Copy what it points to into the directory, or upload it "
                        + "on its own.");
        assertThat(allKeys()).isEmpty();

        // A link that stays inside is stored as the file it points to.
        Files.delete(link);
        symlink(dir.resolve("latest.bin"), Path.of("model.bin"));
        Path target = tmp.resolve("out");
        store.download(target, "d", store.upload("d", dir).modelId());
        assertThat(Files.isSymbolicLink(target.resolve("latest.bin"))).isFalse();
        assertThat(target.resolve("latest.bin")).hasContent("m");
    }

    @Test
    void metadataPastTheLimitIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path model = file("model.bin", bytes("m"));

        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d")
                        .file(model)
                        .metadata("pad", "x".repeat(ModelMetadata.MAX_DOCUMENT_SIZE))
                        .build()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessageStartingWith("Cannot upload to domain 'd': its extra metadata and parameters take ")
                .hasMessageEndingWith(" bytes as JSON, and a metadata document may take at most 16 MiB. Nothing was "
                        + "written. Store large data as an extra file instead.");
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void aMissingFileIsRefusedBeforeAnythingIsWritten() {
        Path missing = tmp.resolve("no-such-model.bin");
        assertThatThrownBy(() -> store.upload("d", missing))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("Cannot upload '" + missing + "': no such file or directory. Check the path.");
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void readingWhatDoesNotExistSaysWhatExists() throws IOException {
        assertThatThrownBy(() -> store.getDomain("nope"))
                .isInstanceOf(DomainNotFoundException.class)
                .hasMessage("Domain 'nope' does not exist in " + storage.describe()
                        + ". The store has no domains yet: upload a model first.");
        store.upload(UploadRequest.builder("iris")
                .file(file("model.bin", bytes("m")))
                .modelId("m1")
                .build());

        assertThatThrownBy(() -> store.listModels("iriss"))
                .isInstanceOf(DomainNotFoundException.class)
                .hasMessage("Domain 'iriss' does not exist in " + storage.describe() + ". Known domains: iris.");
        assertThatThrownBy(() -> store.getModelInfo("iris", "m2"))
                .isInstanceOf(ModelNotFoundException.class)
                .isNotInstanceOf(ModelDeletedException.class)
                .hasMessage("Model 'm2' does not exist in domain 'iris'. Its newest models: m1.");
        assertThatThrownBy(() -> store.download(tmp.resolve("x"), "iris", "m2"))
                .isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> store.listModels("iris", "production"))
                .isInstanceOf(StateNotFoundException.class)
                .hasMessage("State 'production' does not exist. No states exist yet. Create it first with "
                        + "createModelState(\"production\").")
                .satisfies(
                        e -> assertThat(((ModelStoreException) e).commandLineMessage())
                                .isEqualTo(
                                        "State 'production' "
                                                + "does not exist. No states exist yet. Create it first with: modelstore states create production"));
    }

    @Test
    void aModelIsInvisibleUntilItsMetadataIsWritten() throws IOException {
        // What an upload that died after writing its archive leaves behind.
        storage.write(base() + "d/2025.01.01-00.00.00/orphan/artifacts.tar.gz", bytes("x"), WriteCondition.always());
        String id = store.upload("d", file("m.bin", bytes("m"))).modelId();

        assertThat(store.listModels("d")).containsExactly(id);
        assertThat(store.modelExists("d", "orphan")).isFalse();
        assertThat(store.getDomain("d").modelId()).isEqualTo(id);
    }

    @Test
    void aLatestPointerThatPythonLeftOnADeletedModelIsNotFollowed() throws IOException {
        writePythonModel("d", "kept", tarGz(Map.of("model.bin", bytes("kept"))), "2025.01.01-00.00.00");
        writePythonModel("d", "gone", tarGz(Map.of("model.bin", bytes("gone"))), "2025.01.02-00.00.00");
        byte[] goneMetadata = read(base() + "d/versions/gone.json");
        // Python's delete_model: tombstone, metadata and archive removed, domains/d.json left as it was.
        storage.write(base() + "domains/d.json", goneMetadata, WriteCondition.always());
        storage.write(base() + "d/versions/modelstore-deleted/gone.json", goneMetadata, WriteCondition.always());
        storage.delete(base() + "d/versions/gone.json");
        storage.delete(base() + "d/2025.01.02-00.00.00/gone/artifacts.tar.gz");

        assertThat(store.getDomain("d").modelId()).isEqualTo("kept");
        Path target = tmp.resolve("latest");
        store.download(target, "d");
        assertThat(Files.readString(target.resolve("model.bin"))).isEqualTo("kept");
    }

    // ------------------------------------------------------------------ bounds on what is read

    @Test
    void aMetadataDocumentPastTheLimitIsRefusedWithoutReadingItWhole() {
        // Valid JSON, so that only its size is wrong: what a damaged store could hold.
        String key = base() + "d/versions/huge.json";
        String metadata = new String(pythonMetadata("d", "huge", "2025.01.01-00.00.00"), StandardCharsets.UTF_8);
        storage.write(
                key,
                bytes(metadata.substring(0, metadata.length() - 1) + ", \"extra\": {\"pad\": \""
                        + "x".repeat(ModelMetadata.MAX_DOCUMENT_SIZE) + "\"}}"),
                WriteCondition.always());
        storage.reset();

        assertThatThrownBy(() -> store.getModelInfo("d", "huge"))
                .isInstanceOfSatisfying(
                        StoreDamagedException.class,
                        e -> assertThat(e.location()).isEqualTo("The metadata at " + key + " in " + storage.describe()))
                .hasMessage("The metadata at " + key + " in " + storage.describe() + " is larger than "
                        + "16 MiB, the most the store reads of a metadata document, so the store may be damaged. Restore "
                        + "the blob from a backup, or remove it from the storage.");
        assertThat(storage.bytesRead.get()).isLessThanOrEqualTo(ModelMetadata.MAX_DOCUMENT_SIZE + 1);
    }

    // ------------------------------------------------------------------ faults

    @Test
    void aFileThatGrowsOrShrinksWhileItIsArchivedIsRefusedAndNothingIsWritten() throws IOException {
        Path growing = file("growing.bin", randomBytes(1_000, 3));
        // Once the whole file is read, more bytes arrive, as from a writer still at work.
        ProgressListener append =
                changeOnceAfter(1_000, () -> Files.write(growing, bytes("more"), StandardOpenOption.APPEND));
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d")
                        .file(growing)
                        .progress(append)
                        .build()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage(
                        "The file '" + growing + "' changed while it was being archived: upload again when it is no "
                                + "longer being written.");

        Path shrinking = file("shrinking.bin", randomBytes((1 << 20) + 1_000, 4));
        // After its first MiB is read, the file is cut short under the reader.
        ProgressListener truncate = changeOnceAfter(1 << 20, () -> {
            try (FileChannel channel = FileChannel.open(shrinking, StandardOpenOption.WRITE)) {
                channel.truncate(10);
            }
        });
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d")
                        .file(shrinking)
                        .progress(truncate)
                        .build()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage(
                        "The file '" + shrinking + "' changed while it was being archived: upload again when it is no "
                                + "longer being written.");
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void metadataNamingADomainOutsideTheStoreIsReportedAsTamperedAndNothingIsTouched() throws IOException {
        writePythonModel("d", "m1", tarGz(Map.of("model.bin", bytes("m"))));
        String metadataKey = base() + "d/versions/m1.json";
        storage.write(metadataKey, pythonMetadata("../../..", "m1", "2025.01.01-00.00.00"), WriteCondition.always());
        Set<String> before = allKeys();
        String message =
                "The metadata at " + metadataKey + " names model 'm1' of domain '../../..', not 'm1' of 'd': it "
                        + "was copied or changed by hand, and is not followed. Restore the model's own metadata, or delete the file.";

        assertThatThrownBy(() -> store.download(tmp.resolve("out"), "d", "m1"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> store.deleteModel("d", "m1"))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessage(message);
        assertThat(allKeys()).isEqualTo(before);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aLatestPointerThatPythonIsStillWritingIsReadAsAbsent() throws IOException {
        // Python writes domains/<domain>.json in place: a reader may find it empty or cut short.
        writePythonModel("d", "older", tarGz(Map.of("model.bin", bytes("older"))), "2025.01.01-00.00.00");
        writePythonModel("d", "newer", tarGz(Map.of("model.bin", bytes("newer"))), "2025.01.02-00.00.00");
        byte[] pointer = read(base() + "d/versions/older.json");
        for (byte[] partial : List.of(new byte[0], java.util.Arrays.copyOf(pointer, pointer.length / 2))) {
            storage.write(base() + "domains/d.json", partial, WriteCondition.always());

            assertThat(store.getDomain("d").modelId()).isEqualTo("newer");
            Path target = tmp.resolve("latest-" + partial.length);
            store.download(target, "d");
            assertThat(Files.readString(target.resolve("model.bin"))).isEqualTo("newer");
        }
    }

    interface FileChange {
        void run() throws IOException;
    }

    /** A listener that makes {@code change} once, when archiving has first reported {@code after} bytes read. */
    private static ProgressListener changeOnceAfter(long after, FileChange change) {
        AtomicBoolean changed = new AtomicBoolean();
        return (stage, done, total) -> {
            if (stage.equals("archiving") && done >= after && !changed.getAndSet(true)) {
                try {
                    change.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}

package io.modelstore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the file-system backend promises: Python's absolute paths, moved stores, directory handling. */
class FileSystemStoreTest {

    @TempDir
    Path tmp;

    @Test
    void writesPythonsAbsoluteRootAndPath() throws IOException {
        Path root = tmp.resolve("store");
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            ModelMetadata meta = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"));
            JsonNode json = new ObjectMapper().readTree(meta.toJson());
            assertThat(json.path("storage").path("type").asText()).isEqualTo("file_system");
            assertThat(json.path("storage").path("root").asText())
                    .isEqualTo(root.toAbsolutePath().toString());
            Path archive = Path.of(json.path("storage").path("path").asText());
            assertThat(archive).isAbsolute().isRegularFile();
            assertThat(archive.toString())
                    .startsWith(root + "/operatorai-model-store/d/")
                    .endsWith("/" + meta.modelId() + "/artifacts.tar.gz");
        }
    }

    @Test
    void aStoreStillWorksAfterItsDirectoryIsMoved() throws IOException {
        Path before = tmp.resolve("before");
        String id;
        try (ModelStore store = ModelStore.fromFileSystem(before, true)) {
            id = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "moved model"))
                    .modelId();
        }
        Path after = Files.move(before, tmp.resolve("after"));

        try (ModelStore store = ModelStore.fromFileSystem(after)) {
            assertThat(store.listModels("d")).containsExactly(id);
            Path target = tmp.resolve("out");
            store.download(target, "d", id);
            assertThat(Files.readString(target.resolve("m.bin"))).isEqualTo("moved model");
            store.deleteModel("d", id);
            assertThat(store.listModels("d")).isEmpty();
        }
    }

    @Test
    void aMissingDirectoryIsCreatedOnlyWhenAsked() {
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> ModelStore.fromFileSystem(missing))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StorageException.Reason.CONTAINER_NOT_FOUND);
                    assertThat(e.setting()).contains("root");
                })
                .hasMessage(
                        "The model store directory " + missing + " does not exist. Create it, "
                                + "or let the store create it (the setting create=true, or ?create=true after the store URI or path).");
        assertThat(missing).doesNotExist();

        ModelStore.fromFileSystem(missing, true).close();
        assertThat(missing).isDirectory();
    }

    @Test
    void aFileIsNotAStoreDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ModelStore.fromFileSystem(file))
                .isInstanceOf(StorageException.class)
                .hasMessage("The model store path " + file + " is not a directory. Give the path of a directory.");
    }

    @Test
    void keysCannotLeaveTheRoot() {
        FileSystemStorage storage = new FileSystemStorage(tmp.resolve("store"), true);
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", ".modelstore-tmp/lock", "a/"}) {
            assertThatThrownBy(() -> storage.write(key, new byte[] {1}, WriteCondition.always()))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid storage key");
        }
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void deletesLeaveNoEmptyDirectoriesAndNoTemporaryFiles() throws IOException {
        Path root = tmp.resolve("store");
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            String id = store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"))
                    .modelId();
            store.deleteModel("d", id);
        }
        Path deleted;
        try (Stream<Path> listed = Files.list(root.resolve("operatorai-model-store/d/versions/modelstore-deleted"))) {
            deleted = listed.findFirst().orElseThrow().getFileName();
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> root.relativize(p).toString()))
                    .containsExactlyInAnyOrder(
                            ".modelstore-tmp/lock",
                            "operatorai-model-store/model_states/modelstore-deleted.json",
                            "operatorai-model-store/d/versions/modelstore-deleted/" + deleted);
        }
        assertThat(root.resolve("operatorai-model-store/d/versions").toFile().list())
                .containsExactly("modelstore-deleted");
        assertThat(root.resolve("operatorai-model-store/d").toFile().list()).containsExactly("versions");
    }

    @Test
    void filesAndDirectoriesGetTheModesTheUmaskGivesSoOtherUsersCanRead() throws IOException {
        assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null, "a POSIX file system");
        Path root = tmp.resolve("store");
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            store.upload("d", Files.writeString(tmp.resolve("m.bin"), "m"));
        }
        // What a plain open(O_CREAT) and mkdir give under this process's umask, as Python's files get.
        Set<PosixFilePermission> file = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain-file")));
        Set<PosixFilePermission> dir = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain-dir")));
        try (Stream<Path> written = Files.walk(root)) {
            assertThat(written.filter(p -> !p.equals(root)).collect(Collectors.toList()))
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(Files.getPosixFilePermissions(p))
                            .as(root.relativize(p).toString())
                            .isEqualTo(Files.isDirectory(p) ? dir : file));
        }
    }

    @Test
    void aNameTooLongForTheFileSystemIsReportedAsSuchNotAsFreeSpace() throws IOException {
        Path root = tmp.resolve("store");
        String id = "m".repeat(300); // most file systems allow 255 bytes per name
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            Path model = Files.writeString(tmp.resolve("m.bin"), "m");
            assertThatThrownBy(() -> store.upload(
                            UploadRequest.builder("d").file(model).modelId(id).build()))
                    .isInstanceOfSatisfying(
                            StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.LOCAL_IO))
                    .hasMessageContaining("is too long for the file system at " + root.toAbsolutePath())
                    .hasMessageNotContaining("free space");
        }
        FileSystemStorage storage = new FileSystemStorage(root, true);
        String key = "d/" + id + ".json";
        assertThatThrownBy(() -> storage.write(key, new byte[] {1}, WriteCondition.always()))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.LOCAL_IO))
                .hasMessage("Cannot write '" + key + "' (" + root.resolve(key)
                        + "): a name in it is too long for the file "
                        + "system at " + root + " (most allow 255 bytes per name and 4096 per path). Use a shorter "
                        + "domain, model id or state name, or a shorter root directory.");
    }
}

package io.modelstore.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.ChecksumMismatchException;
import io.modelstore.DomainNotFoundException;
import io.modelstore.DownloadOptions;
import io.modelstore.InvalidNameException;
import io.modelstore.InvalidUploadException;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelExistsException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotFoundException;
import io.modelstore.ModelStore;
import io.modelstore.ProgressListener;
import io.modelstore.StateNotFoundException;
import io.modelstore.TargetConflictException;
import io.modelstore.UnsafeArchiveException;
import io.modelstore.UploadRequest;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The store contract that every backend passes through {@link ModelStore}: upload, list, download, delete
 * and states in the Python layout; concurrent writers; checksums; malicious archives; invalid names.
 *
 * <p>A backend's test extends this class and returns a fresh, empty storage from {@link #createStorage()}.
 */
public abstract class ModelStoreContract {

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    /** The root prefix the store is opened with; backends test a non-empty one too. */
    protected String rootPrefix() {
        return "";
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ARCHIVE_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss");

    protected CountingStorage storage;
    protected ModelStore store;

    @TempDir
    protected Path tmp;

    @BeforeEach
    void openStore() throws Exception {
        storage = new CountingStorage(createStorage());
        store = ModelStore.fromStorage(storage, rootPrefix());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private String base() {
        return rootPrefix().isEmpty() ? "operatorai-model-store/" : rootPrefix() + "/operatorai-model-store/";
    }

    // ------------------------------------------------------------------ upload, list, info, download

    @Test
    void uploadsListsAndDownloadsAModelWithExtrasAndMetadata() throws IOException {
        Path model = file("model.bin", randomBytes(50_000, 1));
        Path extra = file("notes/README.txt", bytes("how to use it"));

        ModelMetadata meta = store.upload(UploadRequest.builder("fraud")
                .file(model).extra(extra).modelId("fraud-v1")
                .metadata("owner", "ml-team").metadata("auc", 0.93)
                .library("sklearn").type("LogisticRegression")
                .build());

        assertThat(meta.domain()).isEqualTo("fraud");
        assertThat(meta.modelId()).isEqualTo("fraud-v1");
        assertThat(meta.library()).isEqualTo("sklearn");
        assertThat(meta.type()).contains("LogisticRegression");
        assertThat(meta.extra()).containsEntry("owner", "ml-team").containsEntry("auc", 0.93);
        assertThat(meta.runtime()).hasValueSatisfying(r -> assertThat(r).startsWith("java:"));
        assertThat(meta.archiveSha256()).hasValueSatisfying(s -> assertThat(s).hasSize(64));

        assertThat(store.listDomains()).containsExactly("fraud");
        assertThat(store.listModels("fraud")).containsExactly("fraud-v1");
        assertThat(store.modelExists("fraud", "fraud-v1")).isTrue();
        assertThat(store.modelExists("fraud", "fraud-v2")).isFalse();
        assertThat(store.getModelInfo("fraud", "fraud-v1")).isEqualTo(meta);
        assertThat(store.getDomain("fraud")).isEqualTo(meta);

        Path target = tmp.resolve("out");
        assertThat(store.download(target, "fraud", "fraud-v1")).isEqualTo(target);
        assertThat(Files.readAllBytes(target.resolve("model.bin"))).isEqualTo(Files.readAllBytes(model));
        assertThat(Files.readString(target.resolve("extras/README.txt"))).isEqualTo("how to use it");
        assertThat(JSON.readTree(target.resolve("model-info.json").toFile()))
                .isEqualTo(JSON.readTree("{\"library\": \"sklearn\", \"type\": \"LogisticRegression\"}"));
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.bin", "extras", "model-info.json");
        }
    }

    @Test
    void theArchiveChecksumAndSizeDescribeTheStoredArchive() throws Exception {
        ModelMetadata meta = store.upload("fraud", file("model.bin", randomBytes(10_000, 2)));
        String archiveKey = archiveKey("fraud", meta.modelId());
        byte[] archive = read(archiveKey);
        assertThat(meta.archiveSha256()).contains(sha256(archive));
        assertThat(meta.archiveSize()).hasValue(archive.length);
        assertThat(meta.expandedSize()).as("the files' bytes, model-info.json's too")
                .hasValue(10_000 + "{\"library\": \"model_file\"}".length());
    }

    @Test
    void uploadsADirectoryWithItsContentsAtTheTop() throws IOException {
        Path dir = tmp.resolve("in/saved_model");
        file("saved_model/saved_model.pb", bytes("graph"));
        file("saved_model/variables/variables.index", bytes("index"));

        ModelMetadata meta = store.upload("tf", dir);
        Path target = tmp.resolve("out");
        store.download(target, "tf", meta.modelId());

        assertThat(Files.readString(target.resolve("saved_model.pb"))).isEqualTo("graph");
        assertThat(Files.readString(target.resolve("variables/variables.index"))).isEqualTo("index");
    }

    @Test
    void downloadWithoutModelIdGetsTheLatest() throws IOException {
        at(Instant.parse("2025-06-01T10:00:00Z")).upload(UploadRequest.builder("d").file(file("a/model.bin", bytes("old")))
                .modelId("old").build());
        at(Instant.parse("2025-06-01T10:00:01Z")).upload(UploadRequest.builder("d").file(file("b/model.bin", bytes("new")))
                .modelId("new").build());

        Path target = tmp.resolve("latest");
        store.download(target, "d");
        assertThat(Files.readString(target.resolve("model.bin"))).isEqualTo("new");
    }

    @Test
    void aTargetThatCannotBeADirectoryIsAClearErrorNamingIt() throws IOException {
        store.upload(UploadRequest.builder("d").file(file("a/model.bin", bytes("m"))).modelId("m").build());
        Path aFile = Files.writeString(tmp.resolve("a-file"), "in the way");
        Path target = aFile.resolve("target");

        assertThatThrownBy(() -> store.download(target, "d", "m"))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot download the archive of d/m at ")
                .hasMessageContaining(" to " + target + ": ")
                .hasMessageEndingWith("Check the directory's permissions and free space.");
        assertThat(aFile).hasContent("in the way");
    }

    @Test
    void largeModelsStreamThroughUploadAndDownload() throws IOException {
        Path big = tmp.resolve("weights.bin");
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < largeModelMiB(); i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        ModelMetadata meta = store.upload("big", big);
        assertThat(meta.archiveSize().orElseThrow()).isGreaterThan(Files.size(big));

        Path target = tmp.resolve("out");
        store.download(target, "big", meta.modelId());
        assertThat(Files.mismatch(big, target.resolve("weights.bin"))).isEqualTo(-1L);
    }

    /** Size of the large-model test; a backend whose multipart threshold is higher may raise it. */
    protected int largeModelMiB() {
        return 24;
    }

    // ------------------------------------------------------------------ listing

    @Test
    void listsModelsNewestFirstAndByState() throws IOException {
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploaded.add(store.upload("iris", file("m" + i + "/model.bin", bytes("m" + i))).modelId());
        }
        assertThat(store.listModels("iris")).containsExactly(uploaded.get(2), uploaded.get(1), uploaded.get(0));

        store.createModelState("production");
        store.setModelState("iris", uploaded.get(0), "production");
        store.setModelState("iris", uploaded.get(2), "production");
        assertThat(store.listModels("iris", "production")).containsExactly(uploaded.get(2), uploaded.get(0));
        assertThat(store.getDomain("iris").modelId()).isEqualTo(uploaded.get(2));
    }

    @Test
    void listingSixHundredModelsTakesOnePagedListingAndNoMetadataReads() {
        // Written straight into storage in Python's layout, one second apart, so the test stays fast.
        int count = 600;
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        List<String> ids = IntStream.range(0, count).mapToObj(i -> String.format("m%04d", i)).collect(Collectors.toList());
        StorageContract.parallel(ids, id -> {
            int i = Integer.parseInt(id.substring(1));
            String time = ARCHIVE_TIME.format(start.plusSeconds(i).atZone(ZoneOffset.UTC));
            storage.write(base() + "many/" + time + "/" + id + "/artifacts.tar.gz", bytes("x"), WriteCondition.always());
            storage.write(base() + "many/versions/" + id + ".json", pythonMetadata("many", id, time), WriteCondition.always());
        });
        storage.reset();

        List<String> listed = store.listModels("many");

        List<String> expected = new ArrayList<>(ids);
        java.util.Collections.reverse(expected);
        assertThat(listed).isEqualTo(expected);
        assertThat(storage.reads.get()).as("metadata reads").isZero();
        assertThat(storage.lists.get()).as("listings").isEqualTo(1);
        assertThat(storage.listed.get()).as("keys listed").isEqualTo(2 * count);
    }

    @Test
    void modelsUploadedInTheSameSecondAreOrderedByTheirPreciseTime() throws IOException {
        Instant t = Instant.parse("2025-06-01T10:00:00.100Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(at(t.plusMillis(100L * i)).upload("same-second", file("s" + i + "/m.bin", bytes("s" + i))).modelId());
        }
        assertThat(store.listModels("same-second")).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    }

    @Test
    void manyModelsOfOneSecondAreOrderedAndTheirMetadataIsReadOnce() throws IOException {
        // Python's layout with one archive second for all: only the metadata orders them (read several at a time).
        int count = 40;
        String time = "2025.06.01-10.00.00";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("t%02d", (i * 7) % count); // ids not in time order
            ids.add(id);
            storage.write(base() + "tied/" + time + "/" + id + "/artifacts.tar.gz", bytes("x"), WriteCondition.always());
            byte[] meta = new String(pythonMetadata("tied", id, time), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"code\": {", "\"code\": {\"created_at\": \"2025-06-01T10:00:00." + String.format("%03d", i) + "Z\", ")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            storage.write(base() + "tied/versions/" + id + ".json", meta, WriteCondition.always());
        }
        List<String> expected = new ArrayList<>(ids);
        java.util.Collections.reverse(expected);
        storage.reset();

        assertThat(store.listModels("tied")).isEqualTo(expected);
        assertThat(storage.reads.get()).as("metadata reads of the first listing").isEqualTo(count);
        storage.reset();
        assertThat(store.listModels("tied")).isEqualTo(expected);
        assertThat(storage.reads.get()).as("an unchanged document is not read again").isZero();

        // A document replaced (a new version) is read again: here it moves to the front.
        String last = ids.get(0);
        byte[] current;
        try (var in = storage.read(base() + "tied/versions/" + last + ".json")) {
            current = in.readAllBytes();
        }
        byte[] newer = new String(current, java.nio.charset.StandardCharsets.UTF_8).replace("10:00:00.000Z", "10:00:00.999Z").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        storage.write(base() + "tied/versions/" + last + ".json", newer, WriteCondition.always());
        storage.reset();
        assertThat(store.listModels("tied")).first().isEqualTo(last);
        assertThat(storage.reads.get()).isEqualTo(1);
    }

    @Test
    void theLatestPointerNeverMovesBackInTime() throws IOException {
        Instant now = Instant.parse("2025-06-01T10:00:00Z");
        ModelStore late = at(now.plusSeconds(60));
        ModelStore early = at(now);

        String newer = late.upload("d", file("a/m.bin", bytes("a"))).modelId();
        String older = early.upload("d", file("b/m.bin", bytes("b"))).modelId(); // finishes last, but is older

        assertThat(store.getDomain("d").modelId()).isEqualTo(newer);
        assertThat(store.listModels("d")).containsExactly(newer, older);
    }

    // ------------------------------------------------------------------ refusals leave the store as it was

    @Test
    void uploadingAnExistingModelIdIsRefusedAndChangesNothing() throws IOException {
        store.upload(UploadRequest.builder("d").file(file("model.bin", bytes("v1"))).modelId("v1").build());
        Set<String> before = allKeys();

        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(file("other.bin", bytes("v1 again")))
                .modelId("v1").build()))
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
        assertThatThrownBy(() -> store.upload("..", model)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'.' and '..' would leave the store's directory");
        assertThatThrownBy(() -> store.upload("", model)).isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid domain '': it is empty. Use a name such as 'fraud-detector'.");
        assertThatThrownBy(() -> store.upload("versions", model)).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("'versions' is reserved");
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(model).modelId("v 1").build()))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageStartingWith("Invalid model id 'v 1': it contains ' '.");
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(model).modelId("").build()))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> store.createModelState("ab")).isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid state name 'ab': a state name needs at least 3 characters. Use a name such as 'production'.");
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
            assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(model).extra(model.getParent()).build()))
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
                        + "directory '" + dir + "' being uploaded. Copy what it points to into the directory, or upload it "
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

        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(model)
                .metadata("pad", "x".repeat(ModelMetadata.MAX_DOCUMENT_SIZE)).build()))
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
        assertThatThrownBy(() -> store.getDomain("nope")).isInstanceOf(DomainNotFoundException.class)
                .hasMessage("Domain 'nope' does not exist in " + storage.describe()
                        + ". The store has no domains yet: upload a model first.");
        store.upload(UploadRequest.builder("iris").file(file("model.bin", bytes("m"))).modelId("m1").build());

        assertThatThrownBy(() -> store.listModels("iriss")).isInstanceOf(DomainNotFoundException.class)
                .hasMessage("Domain 'iriss' does not exist in " + storage.describe() + ". Known domains: iris.");
        assertThatThrownBy(() -> store.getModelInfo("iris", "m2")).isInstanceOf(ModelNotFoundException.class)
                .isNotInstanceOf(ModelDeletedException.class)
                .hasMessage("Model 'm2' does not exist in domain 'iris'. Its newest models: m1.");
        assertThatThrownBy(() -> store.download(tmp.resolve("x"), "iris", "m2")).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> store.listModels("iris", "production")).isInstanceOf(StateNotFoundException.class)
                .hasMessage("State 'production' does not exist. No states exist yet. Create it first with "
                        + "createModelState(\"production\").")
                .satisfies(e -> assertThat(((ModelStoreException) e).commandLineMessage()).isEqualTo("State 'production' "
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

    // ------------------------------------------------------------------ delete

    @Test
    void deletingAModelLeavesATombstoneAndMovesTheLatestBack() throws IOException {
        String first = at(Instant.parse("2025-06-01T10:00:00Z")).upload("d", file("a/m.bin", bytes("a"))).modelId();
        String second = at(Instant.parse("2025-06-01T10:00:01Z")).upload("d", file("b/m.bin", bytes("b"))).modelId();
        store.createModelState("production");
        store.setModelState("d", second, "production");

        store.deleteModel("d", second);

        assertThat(store.listModels("d")).containsExactly(first);
        assertThat(store.getDomain("d").modelId()).isEqualTo(first);
        assertThat(store.listModels("d", "production")).isEmpty();
        assertThat(store.modelExists("d", second)).isFalse();
        assertThatThrownBy(() -> store.getModelInfo("d", second)).isInstanceOf(ModelDeletedException.class)
                .hasMessage("Model '" + second + "' in domain 'd' was deleted. List the domain's models with listModels(\"d\").");
        assertThat(storage.stat(base() + "d/versions/modelstore-deleted/" + second + ".json")).isPresent();
        assertThat(storage.stat(base() + "model_states/modelstore-deleted.json")).isPresent();
        assertThat(archiveKeys("d")).hasSize(1);
        assertThat(store.listModelStates()).containsExactly("production");
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(file("c/m.bin", bytes("c")))
                .modelId(second).build())).isInstanceOf(ModelExistsException.class);

        store.deleteModel("d", first);
        assertThat(store.listModels("d")).isEmpty();
        assertThatThrownBy(() -> store.getDomain("d")).isInstanceOf(DomainNotFoundException.class);
        assertThat(store.listDomains()).isEmpty();
    }

    @Test
    void deletingAModelThatIsNotTheLatestLeavesThePointerUntouched() throws IOException {
        String older = at(Instant.parse("2025-06-01T10:00:00Z")).upload("d", file("a/m.bin", bytes("a"))).modelId();
        String newer = at(Instant.parse("2025-06-01T10:00:01Z")).upload("d", file("b/m.bin", bytes("b"))).modelId();
        storage.reset();

        store.deleteModel("d", older);

        // Python and other writers read the pointer: a rewrite would race them for nothing.
        assertThat(storage.writesOf(k -> k.endsWith("/domains/d.json"))).isZero();
        assertThat(store.getDomain("d").modelId()).isEqualTo(newer);
    }

    // ------------------------------------------------------------------ states

    @Test
    void modelStatesAreCreatedSetRemovedAndDeleted() throws IOException {
        String a = store.upload("d", file("a/m.bin", bytes("a"))).modelId();
        String b = store.upload("e", file("b/m.bin", bytes("b"))).modelId();

        store.createModelState("production");
        store.createModelState("production"); // idempotent, as in Python
        store.createModelState("staging");
        assertThat(store.listModelStates()).containsExactly("production", "staging");

        assertThatThrownBy(() -> store.setModelState("d", a, "archived")).isInstanceOf(StateNotFoundException.class)
                .hasMessage("State 'archived' does not exist. Existing states: production, staging. Create it first "
                        + "with createModelState(\"archived\").");
        store.setModelState("d", a, "production");
        store.setModelState("d", a, "staging");
        store.setModelState("e", b, "production");
        assertThat(store.getModelStates("d", a)).containsExactly("production", "staging");

        store.removeModelState("d", a, "staging");
        assertThat(store.getModelStates("d", a)).containsExactly("production");
        assertThat(store.listModels("d", "staging")).isEmpty();

        store.deleteModelState("production");
        assertThat(store.listModelStates()).containsExactly("staging");
        assertThat(store.getModelStates("d", a)).isEmpty();
        assertThat(allKeys()).noneMatch(k -> k.contains("/versions/production/"));
        assertThatThrownBy(() -> store.setModelState("d", a, "production")).isInstanceOf(StateNotFoundException.class);
        assertThatThrownBy(() -> store.setModelState("d", "nope", "staging")).isInstanceOf(ModelNotFoundException.class);
    }

    // ------------------------------------------------------------------ the download target

    @Test
    void downloadingOverWhatTheTargetHoldsIsRefusedUnlessAskedAndNeverDeletesADirectory() throws IOException {
        ModelMetadata meta = store.upload(UploadRequest.builder("d").file(file("model.bin", bytes("new")))
                .extra(file("notes.txt", bytes("notes"))).build());
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
        assertThat(paths(target)).containsExactly("extras", "extras/notes.txt", "keep.txt", "model-info.json", "model.bin");
        assertThat(target.resolve("model.bin")).hasContent("new");
        assertThat(target.resolve("keep.txt")).hasContent("mine");

        // A user's directory named like a file of the model is never deleted, even with overwrite.
        Path other = tmp.resolve("other");
        Files.writeString(Files.createDirectories(other.resolve("model.bin")).resolve("weights.txt"), "the user's tree");
        assertThatThrownBy(() -> store.download(other, "d", meta.modelId(), DownloadOptions.defaults().withOverwrite(true)))
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

    // ------------------------------------------------------------------ bounds on what is read

    @Test
    void aMetadataDocumentPastTheLimitIsRefusedWithoutReadingItWhole() {
        // Valid JSON, so that only its size is wrong: what a damaged store could hold.
        String key = base() + "d/versions/huge.json";
        String metadata = new String(pythonMetadata("d", "huge", "2025.01.01-00.00.00"), StandardCharsets.UTF_8);
        storage.write(key, bytes(metadata.substring(0, metadata.length() - 1) + ", \"extra\": {\"pad\": \""
                + "x".repeat(ModelMetadata.MAX_DOCUMENT_SIZE) + "\"}}"), WriteCondition.always());
        storage.reset();

        assertThatThrownBy(() -> store.getModelInfo("d", "huge"))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.OTHER))
                .hasMessage("Cannot read the metadata at " + key + " in " + storage.describe() + ": it is larger than "
                        + "16 MiB, the most the store reads of a metadata document, so the store may be damaged. Restore "
                        + "the blob from a backup, or remove it from the storage.");
        assertThat(storage.bytesRead.get()).isLessThanOrEqualTo(ModelMetadata.MAX_DOCUMENT_SIZE + 1);
    }

    @Test
    void aGzipBombIsStoppedAndLeavesNothing() throws IOException {
        byte[] bomb = tarGz(Map.of("zeros.bin", new byte[8 << 20]));
        assertThat(bomb.length).isLessThan(64 << 10);
        writePythonModel("d", "bomb", bomb); // Python records no expanded size: the configured limit applies
        Path target = tmp.resolve("out");

        assertThatThrownBy(() -> store.download(target, "d", "bomb", DownloadOptions.defaults().withMaxExpandedSize(1 << 20)))
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
        storage.write(archiveKey("d", meta.modelId()), tarGz(Map.of("model.bin", new byte[8 << 20])), WriteCondition.always());
        Path target = tmp.resolve("out");

        // Its checksum tells that it is not the archive uploaded, once the recorded size has stopped the extraction.
        assertThatThrownBy(() -> store.download(target, "d", meta.modelId())).isInstanceOf(ChecksumMismatchException.class);
        assertThat(paths(target)).isEmpty();

        // Without a checksum to tell, the recorded size alone refuses it.
        String metadataKey = base() + "d/versions/" + meta.modelId() + ".json";
        ObjectNode json = (ObjectNode) JSON.readTree(read(metadataKey));
        ((ObjectNode) json.get("storage")).remove(List.of("sha256", "size"));
        storage.write(metadataKey, JSON.writeValueAsBytes(json), WriteCondition.always());
        assertThatThrownBy(() -> store.download(target, "d", meta.modelId()))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining(": its files expand to more than the " + recorded + " bytes recorded at upload, so it "
                        + "is not the archive that was uploaded. Nothing was extracted.");
        assertThat(paths(target)).isEmpty();
    }

    // ------------------------------------------------------------------ integrity

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
                "through-link", tar -> {
                    link(tar, "up", "..", TarArchiveEntry.LF_SYMLINK);
                    file(tar, "up/escaped.txt", "x");
                });
        Path outside = tmp.resolve("download-root");
        for (Map.Entry<String, TarEntryWriter> attack : new java.util.TreeMap<>(attacks).entrySet()) {
            String id = attack.getKey();
            writePythonModel("evil", id, maliciousArchive(attack.getValue()));
            Path target = outside.resolve(id).resolve("target");
            assertThatThrownBy(() -> store.download(target, "evil", id))
                    .as(id).isInstanceOf(UnsafeArchiveException.class)
                    .hasMessageContaining("Nothing was extracted");
            try (Stream<Path> everything = Files.walk(outside.resolve(id))) {
                assertThat(everything.filter(p -> !p.equals(outside.resolve(id)) && !p.equals(target)))
                        .as(id + ": nothing inside or beside the target").isEmpty();
            }
        }
        assertThat(Path.of("/tmp/modelstore-absolute-escape.txt")).doesNotExist();
    }

    // ------------------------------------------------------------------ format: what Python writes

    @Test
    void theKeyLayoutIsPythons() throws IOException {
        Instant t = Instant.parse("2025-03-04T05:06:07Z");
        at(t).upload(UploadRequest.builder("iris").file(file("a/m.bin", bytes("a"))).modelId("m1").build());
        ModelStore later = at(t.plusSeconds(1));
        later.upload(UploadRequest.builder("iris").file(file("b/m.bin", bytes("b"))).modelId("m2").build());
        later.createModelState("production");
        later.setModelState("iris", "m2", "production");
        later.deleteModel("iris", "m1");

        String b = base();
        assertThat(allKeys()).containsExactlyInAnyOrder(
                b + "domains/iris.json",
                b + "model_states/production.json",
                b + "model_states/modelstore-deleted.json",
                b + "iris/2025.03.04-05.06.08/m2/artifacts.tar.gz",
                b + "iris/versions/m2.json",
                b + "iris/versions/production/m2.json",
                b + "iris/versions/modelstore-deleted/m1.json");
        assertThat(JSON.readTree(read(b + "model_states/production.json")))
                .isEqualTo(JSON.readTree("{\"created\": \"2025/03/04/05:06:08\", \"state_name\": \"production\"}"));
        assertThat(new String(read(b + "iris/versions/production/m2.json"), StandardCharsets.UTF_8))
                .isEqualTo(new String(read(b + "iris/versions/m2.json"), StandardCharsets.UTF_8));
        assertThat(new String(read(b + "domains/iris.json"), StandardCharsets.UTF_8))
                .isEqualTo(new String(read(b + "iris/versions/m2.json"), StandardCharsets.UTF_8));
    }

    @Test
    void metadataHasEveryFieldPythonWritesAndOnlyAddsItsOwn() throws IOException {
        ModelMetadata meta = store.upload(UploadRequest.builder("iris").file(file("m.bin", bytes("m")))
                .metadata("run", 1).build());
        JsonNode java = JSON.readTree(read(base() + "iris/versions/" + meta.modelId() + ".json"));
        JsonNode python = JSON.readTree(PythonFixture.storeRoot()
                .resolve("operatorai-model-store/iris-classifier/versions/67124a3c-dbba-4f4c-b72a-71ebe5b89f08.json").toFile());

        // Python's fields outside "storage" (whose fields are the backend's), minus what only sklearn writes.
        Set<String> pythonFields = fieldPaths(python, "");
        pythonFields.removeIf(f -> f.equals("model.model_type.type") || f.startsWith("storage.") || f.startsWith("model.parameters.") || f.startsWith("model.data")
                || f.startsWith("code.dependencies.") || f.startsWith("extra."));
        assertThat(fieldPaths(java, "")).containsAll(pythonFields);
        assertThat(fieldPaths(java, "")).filteredOn(f -> !f.startsWith("storage.") && !f.startsWith("extra."))
                .containsExactlyInAnyOrder("model", "model.domain", "model.model_id", "model.model_type",
                        "model.model_type.library", "model.parameters", "storage", "modelstore", "code", "code.runtime",
                        "code.user", "code.created", "code.created_at", "code.dependencies",
                        "code.dependencies.modelstore-java", "extra");
        Map<String, Object> location = storage.location(archiveKey("iris", meta.modelId()));
        for (Map.Entry<String, Object> field : location.entrySet()) {
            assertThat(java.path("storage").path(field.getKey()).asText()).as("storage." + field.getKey())
                    .isEqualTo(String.valueOf(field.getValue()));
        }
        // In "storage", the backend's location and Java's own: the archive's checksum and size, and its files' size.
        Set<String> storageFields = new TreeSet<>(location.keySet());
        storageFields.addAll(List.of("sha256", "size", "expanded_size"));
        assertThat(java.path("storage").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(storageFields);
        assertThat(java.path("modelstore").asText()).isEqualTo("0.0.81");
        assertThat(java.path("code").path("created").asText()).matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}:\\d{2}:\\d{2}");
        assertThat(java.path("model").path("model_type").path("library").asText()).isEqualTo("model_file");
        // Python's json.dumps layout: one line, ", " and ": ".
        String text = new String(read(base() + "iris/versions/" + meta.modelId() + ".json"), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"model\": {\"domain\": \"iris\", \"model_id\": ").doesNotContain("\n");
    }

    // ------------------------------------------------------------------ faults

    @Test
    void aFileThatGrowsOrShrinksWhileItIsArchivedIsRefusedAndNothingIsWritten() throws IOException {
        Path growing = file("growing.bin", randomBytes(1_000, 3));
        // Once the whole file is read, more bytes arrive, as from a writer still at work.
        ProgressListener append = changeOnceAfter(1_000, () -> Files.write(growing, bytes("more"), StandardOpenOption.APPEND));
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(growing).progress(append).build()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("The file '" + growing + "' changed while it was being archived: upload again when it is no "
                        + "longer being written.");

        Path shrinking = file("shrinking.bin", randomBytes((1 << 20) + 1_000, 4));
        // After its first MiB is read, the file is cut short under the reader.
        ProgressListener truncate = changeOnceAfter(1 << 20, () -> {
            try (FileChannel channel = FileChannel.open(shrinking, StandardOpenOption.WRITE)) {
                channel.truncate(10);
            }
        });
        assertThatThrownBy(() -> store.upload(UploadRequest.builder("d").file(shrinking).progress(truncate).build()))
                .isInstanceOf(InvalidUploadException.class)
                .hasMessage("The file '" + shrinking + "' changed while it was being archived: upload again when it is no "
                        + "longer being written.");
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void metadataNamingADomainOutsideTheStoreIsReportedAsTamperedAndNothingIsTouched() throws IOException {
        writePythonModel("d", "m1", tarGz(Map.of("model.bin", bytes("m"))));
        String metadataKey = base() + "d/versions/m1.json";
        storage.write(metadataKey, pythonMetadata("../../..", "m1", "2025.01.01-00.00.00"), WriteCondition.always());
        Set<String> before = allKeys();
        String message = "The metadata at " + metadataKey + " names model 'm1' of domain '../../..', not 'm1' of 'd': it "
                + "was copied or changed by hand, and is not followed. Restore the model's own metadata, or delete the file.";

        assertThatThrownBy(() -> store.download(tmp.resolve("out"), "d", "m1"))
                .isInstanceOf(StorageException.class).hasMessage(message);
        assertThatThrownBy(() -> store.deleteModel("d", "m1"))
                .isInstanceOf(StorageException.class).hasMessage(message);
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

    // ------------------------------------------------------------------ helpers

    /** A store on the test's storage whose uploads are dated {@code time}: distinct times without waiting. */
    protected ModelStore at(Instant time) {
        return ModelStore.builder(storage).rootPrefix(rootPrefix()).clock(Clock.fixed(time, ZoneOffset.UTC)).build();
    }

    protected Path file(String relative, byte[] content) throws IOException {
        Path p = tmp.resolve("in").resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    /** Every path below {@code dir}, hidden ones too, relative and '/'-separated, without following links. */
    protected static List<String> paths(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    /** Makes a FIFO with mkfifo; skips the test where there is none. */
    protected static Path mkfifo(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Process process;
        try {
            process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeThat(e).as("mkfifo is not available").isNull();
            throw e;
        }
        assumeThat(process.waitFor()).as("mkfifo's exit code").isZero();
        return path;
    }

    /** Makes a symbolic link; skips the test where the file system has none. */
    protected static Path symlink(Path link, Path target) throws IOException {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            assumeThat(e).as("symbolic links are not available").isNull();
            throw e;
        }
    }

    protected Set<String> allKeys() {
        try (Stream<BlobInfo> all = storage.list(rootPrefix().isEmpty() ? "" : rootPrefix() + "/")) {
            return all.map(BlobInfo::key).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private List<String> archiveKeys(String domain) {
        return allKeys().stream().filter(k -> k.startsWith(base() + domain + "/") && k.endsWith("/artifacts.tar.gz"))
                .collect(Collectors.toList());
    }

    private String archiveKey(String domain, String modelId) {
        List<String> keys = archiveKeys(domain).stream().filter(k -> k.endsWith("/" + modelId + "/artifacts.tar.gz"))
                .collect(Collectors.toList());
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static Set<String> fieldPaths(JsonNode node, String prefix) {
        Set<String> paths = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix + f.getKey();
            paths.add(path);
            if (f.getValue().isObject()) {
                paths.addAll(fieldPaths(f.getValue(), path + "."));
            }
        }
        return paths;
    }

    private byte[] pythonMetadata(String domain, String id, String archiveTime) {
        return bytes("{\"model\": {\"domain\": \"" + domain + "\", \"model_id\": \"" + id + "\", \"model_type\": "
                + "{\"library\": \"model_file\"}, \"parameters\": {}}, \"storage\": {\"type\": \"file_system\", "
                + "\"root\": \"/elsewhere\", \"path\": \"/elsewhere/operatorai-model-store/" + domain + "/" + archiveTime + "/"
                + id + "/artifacts.tar.gz\"}, \"modelstore\": \"0.0.81\", \"code\": {\"runtime\": \"python:3.11.2\", "
                + "\"user\": \"root\", \"created\": \"" + archiveTime.replace('.', '/').replace("-", "/").replaceFirst(
                "/(\\d{2})/(\\d{2})/(\\d{2})$", "/$1:$2:$3") + "\", \"dependencies\": {}}}");
    }

    /** Writes a model as Python would (no checksum) with the given archive bytes. */
    private void writePythonModel(String domain, String id, byte[] archive) {
        writePythonModel(domain, id, archive, "2025.01.01-00.00.00");
    }

    private void writePythonModel(String domain, String id, byte[] archive, String time) {
        storage.write(base() + domain + "/" + time + "/" + id + "/artifacts.tar.gz", archive, WriteCondition.always());
        storage.write(base() + domain + "/versions/" + id + ".json", pythonMetadata(domain, id, time), WriteCondition.always());
    }

    interface TarEntryWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] maliciousArchive(TarEntryWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            file(tar, "model.bin", "a harmless first entry");
            writer.write(tar);
        }
        return out.toByteArray();
    }

    private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = bytes(content);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

}

package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.DownloadOptions;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.ProgressListener;
import io.modelstore.UploadRequest;
import io.modelstore.tck.TextModelLoader.TextModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Progress as bytes move: an upload reports {@code uploading} as the storage takes its parts, blocks or chunks, not
 * only at its start and end, and a download reports {@code downloading}; the bytes done only grow, and the last
 * event of each stage is its whole size.
 *
 * <p>A backend's test extends this class and returns from {@link #createStorage()} a fresh, empty storage whose
 * streamed writes go in pieces well under {@link #MODEL_SIZE} (S3's 5 MiB parts, a few MiB blocks, 256 KiB chunks).
 */
public abstract class ProgressContract extends StoreContract {

    /** Random bytes, so that the archive is as large as the model: several pieces of any backend's test storage. */
    protected static final int MODEL_SIZE = 14 << 20;

    /** For the subclasses. */
    protected ProgressContract() {}

    /** Keeps every event, and the threads that told them. */
    protected static final class Recording implements ProgressListener {
        /** An empty recording. */
        public Recording() {}

        public record Event(String stage, long done, long total) {}

        public final List<Event> events = new ArrayList<>();
        private final Set<Thread> inside = ConcurrentHashMap.newKeySet();
        private volatile boolean overlapped;

        @Override
        public void progress(String stage, long done, long total) {
            if (!inside.add(Thread.currentThread()) || inside.size() > 1) {
                overlapped = true;
            }
            synchronized (events) {
                events.add(new Event(stage, done, total));
            }
            inside.remove(Thread.currentThread());
        }

        public List<Event> of(String stage) {
            synchronized (events) {
                return events.stream().filter(e -> e.stage().equals(stage)).toList();
            }
        }

        /** Whether the listener was ever called by two threads at once, which the API promises it is not. */
        public boolean overlapped() {
            return overlapped;
        }
    }

    private Path model() throws IOException {
        byte[] bytes = new byte[MODEL_SIZE];
        new Random(MODEL_SIZE).nextBytes(bytes);
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.write(dir.resolve("weights.bin"), bytes);
        return dir;
    }

    @Test
    void anUploadReportsTheBytesTheStorageTakesAsTheyGo() throws IOException {
        Recording progress = new Recording();
        ModelMetadata uploaded = store.upload(UploadRequest.builder("fraud")
                .file(model().resolve("weights.bin"))
                .progress(progress)
                .build());
        long archiveSize = uploaded.archiveSize().orElseThrow();

        List<Recording.Event> uploading = progress.of("uploading");
        assertThat(uploading).as("a start, an end, and the pieces between").hasSizeGreaterThanOrEqualTo(3);
        assertThat(uploading.get(0).done()).isZero();
        assertThat(uploading.get(uploading.size() - 1))
                .isEqualTo(new Recording.Event("uploading", archiveSize, archiveSize));
        assertThat(uploading)
                .as("part of the archive is reported taken before all of it is")
                .anyMatch(e -> e.done() > 0 && e.done() < archiveSize);
        assertThat(uploading).extracting(Recording.Event::done).isSorted();
        assertThat(uploading)
                .as("never more than the archive, and never done before it is")
                .allMatch(e ->
                        e.done() <= archiveSize && (e.total() < 0 || e.done() < e.total() || e.done() == archiveSize));
        assertThat(uploading.size())
                .as("about once per MiB, not per write")
                .isLessThan(4 * (int) (archiveSize >> 20) + 8);

        List<Recording.Event> archiving = progress.of("archiving");
        assertThat(archiving).isNotEmpty();
        assertThat(archiving.get(archiving.size() - 1))
                .isEqualTo(new Recording.Event("archiving", MODEL_SIZE, MODEL_SIZE));
        assertThat(progress.overlapped()).as("one event at a time").isFalse();
    }

    @Test
    void aDownloadReportsItsBytesUpToTheArchivesSize() throws IOException {
        ModelMetadata uploaded = store.upload(UploadRequest.builder("fraud")
                .file(model().resolve("weights.bin"))
                .build());
        long archiveSize = uploaded.archiveSize().orElseThrow();
        Recording progress = new Recording();
        store.download(
                tmp.resolve("down"),
                "fraud",
                uploaded.modelId(),
                DownloadOptions.defaults().withProgress(progress));

        List<Recording.Event> downloading = progress.of("downloading");
        assertThat(downloading).hasSizeGreaterThanOrEqualTo(3);
        assertThat(downloading).extracting(Recording.Event::done).isSorted();
        assertThat(downloading).anyMatch(e -> e.done() > 0 && e.done() < archiveSize);
        assertThat(downloading.get(downloading.size() - 1))
                .isEqualTo(new Recording.Event("downloading", archiveSize, archiveSize));
    }

    @Test
    void theCacheFillOfALoadReportsToTheStoresListenerUnlessACallHasItsOwn() throws IOException {
        Path model = model();
        Files.writeString(model.resolve("model.txt"), "served"); // what the text loader reads; weights.bin is the bulk
        Recording storeWide = new Recording();
        try (ModelStore serving = ModelStore.builder(storage)
                .cache(tmp.resolve("cache"), 1L << 30)
                .progressListener(storeWide)
                .build()) {
            ModelMetadata uploaded = serving.upload(UploadRequest.builder("fraud")
                    .file(model)
                    .library(TextModelLoader.LIBRARY)
                    .build());
            long archiveSize = uploaded.archiveSize().orElseThrow();
            assertThat(storeWide.of("uploading"))
                    .as("an upload without a listener of its own")
                    .last()
                    .isEqualTo(new Recording.Event("uploading", archiveSize, archiveSize));

            try (TextModel loaded = serving.load("fraud", uploaded.modelId(), TextModel.class)) {
                assertThat(loaded.text()).isEqualTo("served");
            }
            List<Recording.Event> filling = storeWide.of("downloading");
            assertThat(filling).as("the cache fill, as its bytes arrive").hasSizeGreaterThanOrEqualTo(3);
            assertThat(filling).extracting(Recording.Event::done).isSorted();
            assertThat(filling).anyMatch(e -> e.done() > 0 && e.done() < archiveSize);
            assertThat(filling).last().isEqualTo(new Recording.Event("downloading", archiveSize, archiveSize));

            serving.load("fraud", uploaded.modelId(), TextModel.class).close(); // a hit: nothing moves
            Recording own = new Recording();
            serving.download(
                    tmp.resolve("down"),
                    "fraud",
                    uploaded.modelId(),
                    DownloadOptions.defaults().withProgress(own));
            assertThat(storeWide.of("downloading"))
                    .as("neither a cache hit nor a call with its own listener")
                    .hasSameSizeAs(filling);
        }
    }
}

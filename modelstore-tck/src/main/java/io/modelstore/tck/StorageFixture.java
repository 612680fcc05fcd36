package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the blob contracts ({@link StorageContract}, {@link StreamedWriteContract}) share: a fresh storage for each
 * test, closed after it, a temporary directory, and the bytes they write and read back. A backend's test returns a
 * fresh, empty storage from {@link #createStorage()}.
 */
abstract class StorageFixture {

    /** A new storage holding no blobs; closed after each test. */
    protected abstract Storage createStorage() throws Exception;

    Storage storage;

    @TempDir
    protected Path tmp;

    @BeforeEach
    void openStorage() throws Exception {
        storage = createStorage();
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    protected Storage storage() {
        return storage;
    }

    /** Size of the large-blob tests; a backend whose multipart threshold is higher may raise it. */
    protected int largeBlobMiB() {
        return 12;
    }

    /**
     * For a backend's own tests: a streamed write of {@code size} random bytes to {@code key} fails as
     * {@code expected} (the failure of a whole write of that key) did, with the same reason and message.
     */
    protected static void assertStreamedWriteFailsAs(Storage storage, String key, int size, Throwable expected) {
        assertThat(expected).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> {
                    try (BlobOutput out = storage.openWrite(key, WriteCondition.ifAbsent())) {
                        out.write(randomBytes(size, 12));
                        out.commit();
                    }
                })
                .isInstanceOfSatisfying(
                        StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(((StorageException) expected).reason()))
                .hasMessage(expected.getMessage());
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

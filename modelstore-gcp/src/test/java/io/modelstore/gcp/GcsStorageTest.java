package io.modelstore.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.StorageContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The StorageContract through the real google-cloud-storage client against the JSON API test server; and what the
 * contract cannot see of a streamed write: chunks sent before the commit, and an abandoned upload never finalised.
 */
class GcsStorageTest extends StorageContract {

    @RegisterExtension
    static final GcsJsonApiServer server = new GcsJsonApiServer();

    private static final int CHUNKS = 3 << 20; // twelve of the server's 256 KiB chunks

    @Override
    protected Storage createStorage() {
        return server.storage(server.newBucket()).build();
    }

    @Test
    void chunksGoUpBeforeTheCommitAndAnAbandonedUploadIsNeverFinalised() throws Exception {
        long before = server.unfinishedUploadBytes();
        try (BlobOutput out = storage().openWrite("a.bin", WriteCondition.ifAbsent())) {
            out.write(randomBytes(CHUNKS, 1));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.unfinishedUploadBytes() - before < CHUNKS - (1 << 20) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.unfinishedUploadBytes() - before)
                    .as("sent while the caller still writes")
                    .isGreaterThanOrEqualTo(CHUNKS - (1 << 20));
        }
        Thread.sleep(100);
        assertThat(storage().stat("a.bin")).as("closing never finalises").isEmpty();
        try (BlobOutput out = storage().openWrite("a.bin", WriteCondition.ifAbsent())) {
            out.write(randomBytes(CHUNKS + 5, 2));
            assertThat(out.commit()).isTrue();
        }
        assertThat(read("a.bin")).isEqualTo(randomBytes(CHUNKS + 5, 2));
    }

    @Test
    void aStreamedWriteFailsWithTheSameMessageAsAWholeOne() throws IOException {
        GcsStorage missing = server.storage("no-such-bucket").checkBucket(false).build();
        Path file = Files.write(tmp.resolve("k.bin"), randomBytes(CHUNKS, 3));
        // A small blob is one request, as write(bytes) is; a large one a resumable upload, as write(file) is.
        Throwable whole = catchThrowable(() -> missing.write("k.bin", bytes("x"), WriteCondition.ifAbsent()));
        assertThat(((StorageException) whole).reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND);
        assertStreamedWriteFailsAs(missing, "k.bin", 10, whole);
        assertStreamedWriteFailsAs(
                missing,
                "k.bin",
                CHUNKS,
                catchThrowable(() -> missing.write("k.bin", file, WriteCondition.ifAbsent())));
    }
}

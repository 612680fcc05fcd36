package io.modelstore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import io.modelstore.tck.StorageContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The blob contract against Azurite, with block uploads above 4 MiB; and what the contract cannot see of a streamed
 * write: its blocks staged before the commit, and whose blocks a commit takes.
 */
class AzureStorageTest extends StorageContract {

    @RegisterExtension
    static final AzuriteServer server = new AzuriteServer();

    private static final int BLOCKS = 3; // of the server's 4 MiB

    @Override
    protected Storage createStorage() {
        return server.newStorage();
    }

    @Test
    void blocksAreStagedBeforeTheCommitAndALaterWriteCommitsOnlyItsOwn() throws Exception {
        byte[] content = randomBytes((BLOCKS << 22) + 7, 1);
        try (BlobOutput out = storage().openWrite("a.bin", WriteCondition.ifAbsent())) {
            out.write(content);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (uncommitted("a.bin") < BLOCKS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(uncommitted("a.bin"))
                    .as("staged while the caller still writes")
                    .isEqualTo(BLOCKS);
        }
        assertThat(storage().stat("a.bin")).isEmpty();
        byte[] later = randomBytes((BLOCKS << 22) + 8, 2);
        try (BlobOutput out = storage().openWrite("a.bin", WriteCondition.ifAbsent())) {
            out.write(later);
            assertThat(out.commit()).isTrue();
        }
        assertThat(read("a.bin")).isEqualTo(later);
        BlockList blocks =
                container().getBlobClient("a.bin").getBlockBlobClient().listBlocks(BlockListType.ALL);
        assertThat(blocks.getCommittedBlocks()).hasSize(BLOCKS + 1);
        assertThat(blocks.getUncommittedBlocks())
                .as("the abandoned write's blocks are dropped")
                .isEmpty();
    }

    @Test
    void aStreamedWriteFailsWithTheSameMessageAsAWholeOne() {
        AzureBlobStorage missing =
                server.storage("no-such-container").checkContainer(false).build();
        Throwable whole = catchThrowable(() -> missing.write("k.bin", bytes("x"), WriteCondition.ifAbsent()));
        assertThat(((StorageException) whole).reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND);
        assertStreamedWriteFailsAs(missing, "k.bin", 10, whole); // one upload
        assertStreamedWriteFailsAs(missing, "k.bin", (BLOCKS << 22) + 7, whole); // blocks
    }

    private BlobContainerClient container() {
        return new BlobServiceClientBuilder()
                .connectionString(server.connectionString())
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient()
                .getBlobContainerClient(((AzureBlobStorage) storage()).containerName());
    }

    private int uncommitted(String key) {
        try {
            return container()
                    .getBlobClient(key)
                    .getBlockBlobClient()
                    .listBlocks(BlockListType.UNCOMMITTED)
                    .getUncommittedBlocks()
                    .size();
        } catch (RuntimeException e) {
            return 0; // no block staged yet
        }
    }
}

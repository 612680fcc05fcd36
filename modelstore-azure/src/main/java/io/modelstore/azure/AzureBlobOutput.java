package io.modelstore.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.modelstore.spi.PiecewiseBlobOutput;
import io.modelstore.spi.WriteCondition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A streamed write to a block blob: each full block is staged while the next fills, several at once, and the commit
 * is a Put Block List under the write's condition. Staged blocks stay invisible until then; an abandoned write's
 * are dropped by the service (after 7 days, or at the next commit of the blob), so closing leaves nothing visible.
 *
 * <p>That drop is also why, of two unconditional streamed writes of one key at once, the later commit fails
 * (HTTP 400, InvalidBlockList: its blocks went with the first commit) instead of replacing the blob; under
 * {@code ifAbsent}, as the store writes archives, the condition is checked first and the later commit is {@code false}.
 */
final class AzureBlobOutput extends PiecewiseBlobOutput {

    private final AzureConditionalWrites writes;
    private final BlockBlobClient blob;
    private final String key;
    private final WriteCondition condition;
    // Ids of one write share a random prefix, so that two writers of one key never commit each other's blocks; all
    // ids of a blob must have the same length, hence the fixed-width sequence number (a blob has 50,000 blocks at
    // most).
    private final String idPrefix = UUID.randomUUID() + "-";

    AzureBlobOutput(
            AzureConditionalWrites writes,
            BlockBlobClient blob,
            String key,
            WriteCondition condition,
            int blockSize,
            int parallelism) {
        super(writes.described() + "/" + key, blockSize, AzureBlobStorage.MIN_BLOCK_SIZE, parallelism, parallelism);
        this.writes = writes;
        this.blob = blob;
        this.key = key;
        this.condition = condition;
    }

    @Override
    protected void send(int index, ByteBuffer piece) {
        try {
            // A byte buffer is replayable: the SDK's retries resend the block.
            blob.stageBlockWithResponse(
                    new BlockBlobStageBlockOptions(blockId(index), BinaryData.fromByteBuffer(piece)),
                    null,
                    Context.NONE);
        } catch (RuntimeException e) {
            throw writes.failure(key, e);
        }
    }

    @Override
    protected boolean writeWhole(ByteBuffer content) {
        return writes.upload(key, BinaryData.fromByteBuffer(content), condition);
    }

    @Override
    protected boolean commitPieces(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(blockId(i));
        }
        return writes.conditional(
                key,
                () -> blob.commitBlockListWithResponse(
                        new BlockBlobCommitBlockListOptions(ids)
                                .setRequestConditions(AzureConditionalWrites.conditions(condition)),
                        null,
                        Context.NONE));
    }

    private String blockId(int index) {
        return Base64.getEncoder()
                .encodeToString((idPrefix + String.format("%06d", index)).getBytes(StandardCharsets.US_ASCII));
    }
}

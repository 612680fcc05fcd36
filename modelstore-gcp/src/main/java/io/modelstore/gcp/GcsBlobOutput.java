package io.modelstore.gcp;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Storage.BlobTargetOption;
import io.modelstore.spi.PiecewiseBlobOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A streamed write as a resumable upload: one sender thread writes each full chunk to the upload's channel (in
 * order, as a resumable upload must be sent) while the caller fills the next, and the commit finalises it by closing
 * the channel, which the precondition can still refuse (HTTP 412). An abandoned write never closes the channel,
 * because closing finalises: the unfinished session stays invisible and the service forgets it after a week (the
 * client offers no call to cancel it).
 */
final class GcsBlobOutput extends PiecewiseBlobOutput {

    /** The granularity of a resumable upload's chunks. */
    static final int CHUNK_UNIT = 256 << 10;
    /** Chunks sent or waiting besides the one filling: enough to keep sending while the bytes come unevenly. */
    static final int IN_FLIGHT = 2;

    private final GcsConditionalWrites writes;
    private final String key;
    private final GcsConditionalWrites.Target
            target; // null: the expected version is no generation, the condition fails
    private WriteChannel channel; // only the sender thread touches it, then the committing thread once all is sent
    private volatile boolean refused;

    GcsBlobOutput(GcsConditionalWrites writes, String key, GcsConditionalWrites.Target target, int chunkSize) {
        super("gs://" + writes.bucket() + "/" + key, aligned(chunkSize), CHUNK_UNIT, 1, IN_FLIGHT);
        this.writes = writes;
        this.key = key;
        this.target = target;
    }

    /** Our pieces are the channel's chunks, which the service wants in multiples of 256 KiB. */
    private static int aligned(int chunkSize) {
        return (chunkSize + CHUNK_UNIT - 1) / CHUNK_UNIT * CHUNK_UNIT;
    }

    @Override
    protected void send(int index, ByteBuffer piece) {
        if (target == null || refused) {
            return; // the commit says false; nothing to send
        }
        // The same channel-level mapping as the commit's; a 412 here (the session's start checks the precondition
        // too) means the write cannot succeed, so the rest is not sent.
        refused = !writes.sent(key, () -> {
            if (index == 0) {
                channel = writes.gcs().writer(target.info(), GcsConditionalWrites.writeOptions(target.precondition()));
                channel.setChunkSize(
                        pieceSize()); // whole chunks (whole MiB where the heap made them smaller) then go straight to
                // the request, uncopied
            }
            try {
                while (piece.hasRemaining()) {
                    channel.write(piece);
                }
            } catch (IOException e) {
                throw unwrap(e);
            }
        });
    }

    @Override
    protected boolean writeWhole(ByteBuffer content) {
        if (target == null) {
            return false;
        }
        return writes.sent(
                key,
                () -> writes.gcs()
                        .create(
                                target.info(),
                                content.array(),
                                content.arrayOffset() + content.position(),
                                content.remaining(),
                                GcsConditionalWrites.targetOptions(
                                        target.precondition(), BlobTargetOption.disableGzipContent())));
    }

    @Override
    protected boolean commitPieces(int count) {
        if (target == null || refused) {
            return false;
        }
        return writes.sent(key, () -> {
            try {
                channel.close(); // finalises the upload: the object appears whole, if the precondition holds
            } catch (IOException e) {
                throw unwrap(e);
            }
        });
    }

    /** The channel wraps the client's exception, whose HTTP status tells a failed precondition from a failure. */
    private static com.google.cloud.storage.StorageException unwrap(IOException e) {
        return e.getCause() instanceof com.google.cloud.storage.StorageException s
                ? s
                : com.google.cloud.storage.StorageException.translate(e);
    }
}

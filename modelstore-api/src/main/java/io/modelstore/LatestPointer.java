package io.modelstore;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Moves a domain's latest-model pointer ({@code domains/<domain>.json}) with compare-and-swap, so that concurrent
 * writers never move it back in time.
 */
final class LatestPointer {

    private static final int ATTEMPTS = 50;

    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final Listing listing;
    private final ModelLookup lookup;

    LatestPointer(Blobs blobs, Listing listing, ModelLookup lookup) {
        this.blobs = blobs;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.listing = listing;
        this.lookup = lookup;
    }

    /** After an upload: points the domain at {@code candidate} unless a newer live model is there already. */
    void advance(String domain, ModelMetadata candidate, byte[] candidateBytes) {
        String key = layout.domainKey(domain);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<BlobInfo> current = storage.stat(key);
            if (current.isEmpty()) {
                if (storage.write(key, candidateBytes, WriteCondition.ifAbsent())) {
                    return;
                }
            } else {
                Optional<ModelMetadata> latest = blobs.readMetadata(key);
                if (latest.isPresent() && Listing.NEWEST_FIRST.compare(latest.get(), candidate) <= 0
                        && lookup.modelExists(domain, latest.get().modelId())) {
                    return;
                }
                if (storage.write(key, candidateBytes, WriteCondition.ifMatch(current.get().version()))) {
                    return;
                }
            }
            backOff(attempt);
        }
        throw new StorageException(StorageException.Reason.TRANSIENT, "Could not update the latest model of domain '"
                + domain + "' at " + key + " after " + ATTEMPTS + " attempts: too many concurrent writers. The model itself was stored; "
                + "upload again later or check " + storage.describe() + ".");
    }

    /** After a delete: points the domain at its newest remaining model, or removes the pointer when none is left. */
    void repoint(String domain, String deletedId) {
        String key = layout.domainKey(domain);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<BlobInfo> current = storage.stat(key);
            Optional<ModelMetadata> latest = current.isPresent() ? blobs.readMetadata(key) : Optional.empty();
            if (latest.isPresent() && !latest.get().modelId().equals(deletedId)) {
                return;
            }
            List<String> remaining = listing.listModels(domain);
            if (remaining.isEmpty()) {
                storage.delete(key);
                if (listing.listModels(domain).isEmpty()) {
                    return;
                }
                continue; // a model arrived meanwhile: point at it
            }
            String newestId = remaining.get(0);
            Optional<byte[]> bytes = blobs.readBytes(layout.metadataKey(domain, newestId));
            if (bytes.isEmpty()) {
                continue;
            }
            WriteCondition condition = current.map(c -> WriteCondition.ifMatch(c.version())).orElse(WriteCondition.ifAbsent());
            if (storage.write(key, bytes.get(), condition)) {
                return;
            }
            backOff(attempt);
        }
        throw new StorageException(StorageException.Reason.TRANSIENT, "Could not move the latest model of domain '"
                + domain + "' after deleting '" + deletedId + "': too many concurrent writers. Run deleteModel again to retry.");
    }

    // A random pause, growing with the attempts, so that competing writers stop colliding.
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while updating a domain's latest model", e);
        }
    }
}

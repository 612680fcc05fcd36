package io.modelstore.internal.commit;

import io.modelstore.DomainNotFoundException;
import io.modelstore.ModelMetadata;
import io.modelstore.StoreDamagedException;
import io.modelstore.internal.Backoff;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Json;
import io.modelstore.internal.Layout;
import io.modelstore.internal.read.Listing;
import io.modelstore.internal.read.ModelLookup;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.WriteCondition;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Moves a domain's latest-model pointer ({@code domains/<domain>.json}) with compare-and-swap, so that concurrent
 * writers never move it back in time.
 */
public final class LatestPointer {

    private static final int ATTEMPTS = 50;

    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final Listing listing;
    private final ModelLookup lookup;

    public LatestPointer(Blobs blobs, Listing listing, ModelLookup lookup) {
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
                Optional<ModelMetadata> latest =
                        parsed(key, blobs.readBytes(key)); // a failed read is an error, not "stale"
                if (latest.isPresent()
                        && Listing.NEWEST_FIRST.compare(latest.get(), candidate) <= 0
                        && lookup.modelExists(domain, latest.get().modelId())) {
                    return;
                }
                if (storage.write(
                        key,
                        candidateBytes,
                        WriteCondition.ifMatch(current.get().version()))) {
                    return;
                }
            }
            Backoff.pause(attempt, "updating the latest model of domain '" + domain + "'");
        }
        throw new StorageException(
                StorageException.Reason.TRANSIENT,
                "Could not update the latest model of domain '"
                        + domain + "' at " + key + " after " + ATTEMPTS
                        + " attempts: too many concurrent writers. The model itself was stored; "
                        + "upload again later or check " + storage.describe() + ".");
    }

    /** After a delete: points the domain at its newest remaining model, or removes the pointer when none is left. */
    void repoint(String domain, String deletedId) {
        settle(domain, latest -> !latest.modelId().equals(deletedId));
    }

    /**
     * Points the domain at its newest listed model, or removes the pointer when it has none, unless it is there
     * already: what a crash between an upload's commit and its pointer write, or Python's delete, leaves behind.
     */
    void repair(String domain) {
        settle(domain, latest -> false); // the check found it stale; settle lists again, and writes only on a match
    }

    /** Moves the pointer to the newest listed model unless {@code good} accepts the model it names. */
    private void settle(String domain, Predicate<ModelMetadata> good) {
        String key = layout.domainKey(domain);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<BlobInfo> current = storage.stat(key);
            Optional<ModelMetadata> latest = current.isPresent() ? parsed(key, blobs.readBytes(key)) : Optional.empty();
            if (latest.isPresent() && good.test(latest.get())) {
                return;
            }
            List<String> remaining = remaining(domain);
            if (remaining.isEmpty()) {
                if (current.isEmpty()) {
                    return;
                }
                storage.delete(key);
                if (remaining(domain).isEmpty()) {
                    return;
                }
                continue; // a model arrived meanwhile: point at it
            }
            String newestId = remaining.get(0);
            Optional<byte[]> bytes = blobs.readBytes(layout.metadataKey(domain, newestId));
            if (bytes.isEmpty()) {
                continue;
            }
            WriteCondition condition =
                    current.map(c -> WriteCondition.ifMatch(c.version())).orElse(WriteCondition.ifAbsent());
            if (storage.write(key, bytes.get(), condition)) {
                return;
            }
            Backoff.pause(attempt, "updating the latest model of domain '" + domain + "'");
        }
        throw new StorageException(
                StorageException.Reason.TRANSIENT,
                "Could not move the latest model of domain '"
                        + domain + "' at " + key + " to its newest model after " + ATTEMPTS
                        + " attempts: too many concurrent "
                        + "writers. Try again.");
    }

    /** The pointer's metadata; empty when there is none or it does not parse (Python writes it in place). */
    private static Optional<ModelMetadata> parsed(String key, Optional<byte[]> bytes) {
        try {
            return bytes.map(b -> Json.metadata(b, "The pointer at " + key));
        } catch (StoreDamagedException e) {
            return Optional.empty(); // half-written: replaced like a stale one
        }
    }

    // The domain's models; none once its last key is gone.
    private List<String> remaining(String domain) {
        try {
            return listing.listModels(domain);
        } catch (DomainNotFoundException e) {
            return List.of();
        }
    }
}

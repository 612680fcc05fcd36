package io.modelstore.internal;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.StoreDamagedException;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads blobs and model metadata: the store's storage and layout, shared by the classes behind {@link ModelStore}. */
public final class Blobs {

    private final Storage storage;
    private final Layout layout;

    public Blobs(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    public Storage storage() {
        return storage;
    }

    public Layout layout() {
        return layout;
    }

    /**
     * The content of the metadata document at {@code key}, or empty when there is no blob there; at most
     * {@link ModelMetadata#MAX_DOCUMENT_SIZE} bytes and one more are read, so that a huge blob cannot exhaust the heap.
     */
    public Optional<byte[]> readBytes(String key) {
        try (InputStream in = storage.read(key)) {
            byte[] bytes = in.readNBytes(ModelMetadata.MAX_DOCUMENT_SIZE + 1);
            if (bytes.length > ModelMetadata.MAX_DOCUMENT_SIZE) {
                throw new StoreDamagedException(
                        "The metadata at " + key + " in " + storage.describe(),
                        "is larger than "
                                + (ModelMetadata.MAX_DOCUMENT_SIZE >> 20)
                                + " MiB, the most the store reads of a metadata document, "
                                + "so the store may be damaged",
                        "Restore the blob from a backup, or remove it from the storage.",
                        null);
            }
            return Optional.of(bytes);
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.TRANSIENT,
                    "Cannot read " + key + " from " + storage.describe() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The metadata at {@code key}, or empty when there is none. */
    public Optional<ModelMetadata> readMetadata(String key) {
        return readBytes(key).map(bytes -> Json.metadata(bytes, "The metadata at " + key));
    }
}

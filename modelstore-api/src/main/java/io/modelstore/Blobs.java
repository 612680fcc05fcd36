package io.modelstore;

import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads blobs and model metadata: the store's storage and layout, shared by the classes behind {@link ModelStore}. */
final class Blobs {

    private final Storage storage;
    private final Layout layout;

    Blobs(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    Storage storage() {
        return storage;
    }

    Layout layout() {
        return layout;
    }

    /** The blob's content, or empty when there is no blob at {@code key}. */
    Optional<byte[]> readBytes(String key) {
        try (InputStream in = storage.read(key)) {
            return Optional.of(in.readAllBytes());
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read " + key + " from " + storage.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The metadata at {@code key}, or empty when there is none. */
    Optional<ModelMetadata> readMetadata(String key) {
        return readBytes(key).map(bytes -> new ModelMetadata(Json.parseObject(bytes, "The metadata at " + key)));
    }
}

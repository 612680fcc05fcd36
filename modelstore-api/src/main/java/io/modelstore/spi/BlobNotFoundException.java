package io.modelstore.spi;

import io.modelstore.StorageException;

/** There is no blob at the key that was read. */
public class BlobNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public BlobNotFoundException(String key) {
        super("No blob at key '" + key + "'");
        this.key = key;
    }

    public String key() {
        return key;
    }
}

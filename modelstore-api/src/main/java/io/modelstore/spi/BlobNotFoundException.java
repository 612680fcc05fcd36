package io.modelstore.spi;

/** There is no blob at the key that was read; its {@link #reason()} is {@link Reason#BLOB_NOT_FOUND}. */
public class BlobNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public BlobNotFoundException(String key) {
        super(Reason.BLOB_NOT_FOUND, "No blob at key '" + key + "'", null);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

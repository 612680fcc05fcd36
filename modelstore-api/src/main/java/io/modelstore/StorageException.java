package io.modelstore;

/** A storage operation failed (I/O, permissions, network); the message names the key or location concerned. */
public class StorageException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

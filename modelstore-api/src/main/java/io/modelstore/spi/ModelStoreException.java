package io.modelstore.spi;

/**
 * The base of every error that modelstore-java raises; unchecked, with a message that says what to do. It lives
 * beside the SPI because backends raise it too ({@link StorageException} for a storage failure).
 */
public class ModelStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

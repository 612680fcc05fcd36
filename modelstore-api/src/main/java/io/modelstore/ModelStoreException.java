package io.modelstore;

/** The base of every error that modelstore-java raises; unchecked, with a message that says what to do. */
public class ModelStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

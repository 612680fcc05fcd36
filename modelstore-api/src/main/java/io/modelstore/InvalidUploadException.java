package io.modelstore;

import io.modelstore.spi.ModelStoreException;
/** An upload's files cannot be archived (missing, unreadable, or two of them would share a name); nothing was written. */
public class InvalidUploadException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public InvalidUploadException(String message) {
        super(message);
    }

    public InvalidUploadException(String message, Throwable cause) {
        super(message, cause);
    }
}

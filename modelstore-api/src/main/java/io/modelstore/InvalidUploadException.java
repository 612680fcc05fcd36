package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/**
 * An upload cannot be archived: a file is missing or unreadable, is not a regular file, is a link out of its
 * directory, two files would share a name, or the metadata would be too large; nothing was written.
 */
public class InvalidUploadException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public InvalidUploadException(String message) {
        super(message);
    }

    public InvalidUploadException(String message, Throwable cause) {
        super(message, cause);
    }
}

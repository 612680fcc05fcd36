package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/** A domain, model id or state name breaks the naming rules; nothing was read or written. */
public class InvalidNameException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String message) {
        super(message);
    }
}

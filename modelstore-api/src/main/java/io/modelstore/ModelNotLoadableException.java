package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/**
 * A model cannot be loaded as asked: no JVM runtime reads its library (such as {@code sklearn}), it loads as
 * another type than the one asked for, or its runtime refused its files. The message says what to do.
 */
public class ModelNotLoadableException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public ModelNotLoadableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/**
 * A model's library has a first-party loader whose module is not on the classpath, or is but its runtime is
 * missing or cannot start here. The message names the dependency to add or fix.
 */
public class LoaderNotInstalledException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String library;

    public LoaderNotInstalledException(String library, String message, Throwable cause) {
        super(message, cause);
        this.library = library;
    }

    /** The {@code model_type.library} that could not be loaded. */
    public String library() {
        return library;
    }
}

package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/**
 * A storage backend was asked for but cannot be used: its module is not on the classpath, or it is and
 * its SDK is missing or broken. The message names the backend and the dependency to add or fix.
 */
public class BackendNotInstalledException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String backendId;

    public BackendNotInstalledException(String backendId, String message, Throwable cause) {
        super(message, cause);
        this.backendId = backendId;
    }

    public String backendId() {
        return backendId;
    }
}

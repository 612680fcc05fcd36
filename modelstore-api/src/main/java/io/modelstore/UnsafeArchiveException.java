package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/**
 * An archive holds an entry that would be written outside the target directory (a {@code ..} or absolute
 * name, or a link pointing out) or is not a file, directory or link, or its files expand past the limit (a likely
 * gzip bomb, or not the archive uploaded); nothing was extracted.
 */
public class UnsafeArchiveException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public UnsafeArchiveException(String message) {
        super(message);
    }
}

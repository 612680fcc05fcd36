package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/** A downloaded archive's SHA-256 differs from the one recorded at upload; nothing was extracted. */
public class ChecksumMismatchException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String key, String expected, String actual, String message) {
        super(message);
        this.key = key;
        this.expected = expected;
        this.actual = actual;
    }

    /** The storage key of the archive. */
    public String key() {
        return key;
    }

    public String expectedSha256() {
        return expected;
    }

    public String actualSha256() {
        return actual;
    }
}

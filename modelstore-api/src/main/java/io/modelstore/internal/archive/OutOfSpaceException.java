package io.modelstore.internal.archive;

import io.modelstore.spi.StorageException;

/**
 * A {@link StorageException#reason() LOCAL_IO} failure because a local disk is short of space: the model cache then
 * delivers the model without itself instead of failing.
 */
public final class OutOfSpaceException extends StorageException {
    private static final long serialVersionUID = 1L;

    OutOfSpaceException(String message) {
        super(Reason.LOCAL_IO, message);
    }

    /** Whether {@code failure} or one of its causes says that a disk is full. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfSpaceException
                    || (t instanceof java.io.IOException
                            && t.getMessage() != null
                            && t.getMessage().contains("No space left on device"))) {
                return true;
            }
        }
        return false;
    }
}

package io.modelstore.internal;

import io.modelstore.spi.StorageException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The random pause between two attempts of a compare-and-swap that another writer won, growing with the attempts, so
 * that competing writers stop colliding. Only timing: no result depends on it (mutation testing leaves it out).
 */
public final class Backoff {

    private Backoff() {}

    /** Pauses before attempt {@code attempt + 1} of {@code what}. */
    public static void pause(int attempt, String what) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Reason.TRANSIENT, "Interrupted while " + what, e);
        }
    }
}

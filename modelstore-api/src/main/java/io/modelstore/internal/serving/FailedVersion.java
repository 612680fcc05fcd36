package io.modelstore.internal.serving;

import io.modelstore.LiveModel;
import io.modelstore.ModelMetadata;
import io.modelstore.StoreDamagedException;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageException;
import java.time.Duration;

/**
 * The newest version that a {@link LiveModel}'s poll failed to load, so that it is not fetched again on every poll:
 * a version that is itself unusable (a runtime that cannot read it, a damaged or unsafe archive) is not tried again
 * until the followed state names another; one that failed for a passing cause (the storage, the local disk, memory)
 * is tried again after a back-off that doubles from the poll interval up to {@link #LONGEST_BACKOFF}.
 *
 * @param retryAtNanos when the poll may try it again ({@link System#nanoTime()}); ignored when {@code forGood}
 */
public record FailedVersion(ModelMetadata version, boolean forGood, long retryAtNanos, long backoffNanos) {

    public static final Duration LONGEST_BACKOFF = Duration.ofMinutes(30);

    /** The record of {@code version} failing with {@code cause}, after {@code before} (null: its first failure). */
    public static FailedVersion after(
            FailedVersion before, ModelMetadata version, Throwable cause, Duration pollEvery, long nowNanos) {
        // A storage failure may pass, and a damaged document may be one Python is still writing: both are tried again.
        boolean forGood = cause instanceof ModelStoreException
                && !(cause instanceof StorageException)
                && !(cause instanceof StoreDamagedException);
        long backoff = before != null && before.version.equals(version)
                ? Math.min(before.backoffNanos * 2, LONGEST_BACKOFF.toNanos())
                : Math.max(pollEvery.toNanos(), 1);
        return new FailedVersion(version, forGood, nowNanos + backoff, backoff);
    }

    /** Whether a poll that finds {@code newest} should leave it alone at {@code nowNanos}. */
    public boolean holdsBack(ModelMetadata newest, long nowNanos) {
        return version.equals(newest) && (forGood || nowNanos - retryAtNanos < 0);
    }
}

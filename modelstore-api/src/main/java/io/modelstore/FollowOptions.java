package io.modelstore;

import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LiveModel} decides whether a newer version may replace the one serving. By default a version whose
 * inputs differ from the serving model's (where both runtimes record them) is refused, so that callers built for the
 * old inputs keep working; {@link #acceptSignatureChanges(boolean)} swaps it in all the same, on purpose.
 * {@link #check(Check)} runs the application's own test of each new version before it is swapped in.
 *
 * <pre>{@code
 * FollowOptions<OrtSession> options = FollowOptions.<OrtSession>defaults()
 *         .check((session, metadata) -> predictSample(session));   // throws, or gives non-finite scores: refused
 * LiveModel<OrtSession> live = store.follow("intent", "production", OrtSession.class, Duration.ofSeconds(30), options);
 * }</pre>
 *
 * @param <T> what the model is loaded as
 */
public final class FollowOptions<T> {

    /**
     * A test of a newly loaded version, run before it is swapped in (and on the first version, before
     * {@link ModelStore#follow follow} returns): throwing refuses it.
     */
    @FunctionalInterface
    public interface Check<T> {
        void check(T model, ModelMetadata metadata) throws Exception;
    }

    private static final FollowOptions<Object> DEFAULTS = new FollowOptions<>(false, null);

    private final boolean acceptSignatureChanges;
    private final Check<? super T> check;

    private FollowOptions(boolean acceptSignatureChanges, Check<? super T> check) {
        this.acceptSignatureChanges = acceptSignatureChanges;
        this.check = check;
    }

    /** Refuse versions whose inputs changed; no check of the application's. */
    @SuppressWarnings("unchecked")
    public static <T> FollowOptions<T> defaults() {
        return (FollowOptions<T>) DEFAULTS;
    }

    /** Whether a version whose inputs differ from the serving model's is swapped in all the same. */
    public FollowOptions<T> acceptSignatureChanges(boolean accept) {
        return new FollowOptions<>(accept, check);
    }

    /** Runs {@code check} on each new version before it is swapped in. */
    public FollowOptions<T> check(Check<? super T> check) {
        return new FollowOptions<>(acceptSignatureChanges, Objects.requireNonNull(check, "check"));
    }

    public boolean acceptsSignatureChanges() {
        return acceptSignatureChanges;
    }

    public Optional<Check<? super T>> check() {
        return Optional.ofNullable(check);
    }

    @Override
    public String toString() {
        return "FollowOptions[acceptSignatureChanges=" + acceptSignatureChanges + ", check=" + (check != null) + "]";
    }
}

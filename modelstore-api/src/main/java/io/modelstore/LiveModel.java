package io.modelstore;

import io.modelstore.internal.Version;
import io.modelstore.internal.read.ModelWatch;
import io.modelstore.internal.serving.FailedVersion;
import io.modelstore.internal.serving.SwapGuard;
import io.modelstore.internal.store.StoreParts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest model of a domain (or of one of its states), loaded and kept current: a new version is loaded in the
 * background and swapped in atomically; the old one is closed after its last call returns. When storage cannot be
 * reached or a new version fails to load, the current one goes on serving and the listeners are told why.
 *
 * <pre>{@code
 * try (LiveModel<OrtSession> churn = store.follow("churn", "production", OrtSession.class, Duration.ofSeconds(30))) {
 *     float score = churn.apply(session -> predict(session, features));   // never sees a closed session
 * }
 * }</pre>
 *
 * @param <T> what the model is loaded as, such as {@code ai.onnxruntime.OrtSession}
 */
public final class LiveModel<T> implements AutoCloseable {

    /** Told of every swap and every failed refresh. */
    public interface Listener {
        /** A new model is serving; {@code previous} is no longer used by new calls. */
        void changed(ModelMetadata previous, ModelMetadata current);

        /** A refresh failed (storage unreachable, a load that failed); the current model goes on serving. */
        default void failed(Exception cause) {}
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

    private final ModelWatch watch;
    private final Function<ModelMetadata, T> loader;
    private final BiConsumer<ModelMetadata, T> releaser;
    private final AtomicReference<Version<T>> current = new AtomicReference<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;
    private final Object refreshing = new Object();
    private final Duration pollEvery;
    private final SwapGuard<T> guard;
    private volatile ModelRefusedException refusal; // of the newest version, while it is refused
    private volatile String token;
    private volatile boolean closed;
    private FailedVersion failed; // the newest version, when it failed to load; guarded by refreshing
    private ModelMetadata failedNow; // what the refresh that just failed was loading, or null; guarded by refreshing
    private ModelMetadata warnedOf; // the failed version last logged as a WARN; used by the poller only

    /** A loaded model with the calls in flight on it; freed when it is retired and its last call returns. */
    private static final class Version<T> {
        final ModelMetadata metadata;
        final T model;
        final Optional<ModelSignature> signature;
        private final BiConsumer<ModelMetadata, T> releaser;
        private final AtomicInteger refs = new AtomicInteger(1); // 1: held as the current version

        Version(
                ModelMetadata metadata,
                T model,
                Optional<ModelSignature> signature,
                BiConsumer<ModelMetadata, T> releaser) {
            this.metadata = metadata;
            this.model = model;
            this.signature = signature;
            this.releaser = releaser;
        }

        boolean acquire() {
            for (int n = refs.get(); n > 0; n = refs.get()) {
                if (refs.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
            return false; // retired and idle: closed or closing
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                releaser.accept(metadata, model);
            }
        }
    }

    /** A live model of the store's parts, loading the newest model of {@code state} (null: the latest) first. */
    static <T> LiveModel<T> following(
            StoreParts parts,
            String domain,
            String state,
            Class<T> type,
            Duration pollEvery,
            FollowOptions<? super T> options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pollEvery, "pollEvery");
        Objects.requireNonNull(options, "options");
        ModelWatch watch = parts.watch(domain, state);
        return new LiveModel<>(
                watch,
                meta -> parts.loading.load(meta, type),
                parts.loading::release,
                pollEvery,
                parts.swapGuard(options, watch));
    }

    LiveModel(
            ModelWatch watch,
            Function<ModelMetadata, T> loader,
            BiConsumer<ModelMetadata, T> releaser,
            Duration pollEvery,
            SwapGuard<T> guard) {
        this.watch = watch;
        this.loader = loader;
        this.releaser = releaser;
        this.pollEvery = pollEvery;
        this.guard = guard;
        this.token = watch.token();
        ModelMetadata first = watch.newest();
        current.set(loadAdmitted(first, null));
        long millis = Math.max(1, pollEvery.toMillis());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modelstore-follow-" + watch.describe());
            t.setDaemon(true);
            return t;
        });
        // poll() catches every failure itself, so the future never holds one; close() stops it with the poller.
        ScheduledFuture<?> unused = poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Loads {@code version} and admits it to replace {@code serving} (null: none yet); a refused one is freed. */
    private Version<T> loadAdmitted(ModelMetadata version, Version<T> serving) {
        T model = loader.apply(version);
        try {
            return new Version<>(
                    version,
                    model,
                    guard.admit(
                            version,
                            model,
                            serving == null ? null : serving.metadata,
                            serving == null ? Optional.empty() : serving.signature),
                    releaser);
        } catch (RuntimeException | Error e) {
            releaser.accept(version, model);
            throw e;
        }
    }

    /** What the model serving now takes and gives, where its runtime records it. */
    public Optional<ModelSignature> signature() {
        return current.get().signature;
    }

    /**
     * Why the newest version of the followed state is not serving, while it is refused (its inputs changed, or it
     * failed the {@link FollowOptions#check check}); empty once the state names a model that serves.
     */
    public Optional<ModelRefusedException> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The metadata of the model that new calls run on. */
    public ModelMetadata current() {
        return current.get().metadata;
    }

    /**
     * A call on a model, which may throw what its runtime's API throws (XGBoost's {@code XGBoostError}, ONNX
     * Runtime's {@code OrtException}): {@link #apply} throws it on, as it is.
     *
     * @param <E> what the call may throw; inferred, {@link RuntimeException} for a call that throws nothing checked
     */
    @FunctionalInterface
    public interface Call<T, R, E extends Exception> {
        R call(T model) throws E;
    }

    /** As {@link Call}, given the metadata of the model it runs on too. */
    @FunctionalInterface
    public interface CallWithMetadata<T, R, E extends Exception> {
        R call(ModelMetadata metadata, T model) throws E;
    }

    /**
     * Runs {@code call} on the current model. The model stays open until the call returns, even if a newer one is
     * swapped in meanwhile. What the call throws is thrown on, checked or not:
     * {@code float[][] p = churn.apply(booster -> booster.predict(matrix))} throws {@code XGBoostError}.
     */
    public <R, E extends Exception> R apply(Call<? super T, ? extends R, E> call) throws E {
        Objects.requireNonNull(call, "call");
        return applyWithMetadata((metadata, model) -> call.call(model));
    }

    /**
     * As {@link #apply}, with the metadata of the model that the call runs on, such as to answer with its id: unlike
     * {@link #current()} read beside the call, it cannot name a model swapped in meanwhile.
     */
    public <R, E extends Exception> R applyWithMetadata(CallWithMetadata<? super T, ? extends R, E> call) throws E {
        Objects.requireNonNull(call, "call");
        while (true) {
            if (closed) {
                throw new IllegalStateException("This LiveModel of " + watch.describe() + " is closed.");
            }
            Version<T> version = current.get();
            if (version.acquire()) {
                try {
                    return call.call(version.metadata, version.model);
                } finally {
                    version.release();
                }
            }
        }
    }

    /** Tells {@code listener} of every swap and failed refresh from now on. */
    public void onChange(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Looks for a newer model now, and loads and swaps it in if there is one, even one that failed to load before.
     * The background poll does not fetch such a version again: not until the state names another model, or, when
     * it failed for a passing cause (the storage, the disk, memory), not before a back-off that doubles each time.
     *
     * @return whether a new model was swapped in
     * @throws io.modelstore.spi.ModelStoreException when storage cannot be read or the new model cannot be loaded
     *                                             (the current model goes on serving)
     */
    public boolean refresh() {
        return refresh(true);
    }

    /** @param retryFailed whether to load the newest version even when it failed before (a poll does not) */
    private boolean refresh(boolean retryFailed) {
        synchronized (refreshing) {
            failedNow = null;
            if (closed) {
                return false;
            }
            String seen = watch.token();
            if (seen.equals(token)) {
                return false;
            }
            ModelMetadata newest = watch.newest();
            Version<T> old = current.get();
            if (newest.modelId().equals(old.metadata.modelId())) {
                token = seen;
                failed = null;
                refusal = null;
                return false;
            }
            if (!retryFailed && failed != null && failed.holdsBack(newest, System.nanoTime())) {
                return false; // not fetched again until the state names another version, or its back-off passes
            }
            Version<T> loaded;
            try {
                loaded = loadAdmitted(newest, old);
            } catch (RuntimeException | Error e) {
                failed = FailedVersion.after(failed, newest, e, pollEvery, System.nanoTime());
                failedNow = newest;
                refusal = e instanceof ModelRefusedException refused ? refused : null;
                throw e;
            }
            failed = null;
            refusal = null;
            current.set(loaded);
            token = seen;
            old.release(); // closed once its last call returns
            LOG.info("Now serving {}/{} (was {})", newest.domain(), newest.modelId(), old.metadata.modelId());
            for (Listener listener : listeners) {
                tell(() -> listener.changed(old.metadata, newest));
            }
            return true;
        }
    }

    // Whatever a refresh throws (even an OutOfMemoryError loading a bigger model) must not stop the polling: a
    // scheduled task that throws is never run again.
    private void poll() {
        try {
            refresh(false);
        } catch (Throwable e) {
            ModelMetadata version;
            FailedVersion record;
            synchronized (refreshing) {
                version = failedNow;
                record = failed;
            }
            if (version == null || !version.equals(warnedOf)) { // one WARN for each version that fails to load
                warnedOf = version;
                LOG.warn(
                        "Still serving {}/{}: looking for a newer model of {} failed: {}{}",
                        current().domain(),
                        current().modelId(),
                        watch.describe(),
                        e,
                        version == null
                                ? ""
                                : record.forGood()
                                        ? ". Model '" + version.modelId()
                                                + "' is not tried again until the state names another model."
                                        : ". Model '" + version.modelId()
                                                + "' is tried again later, waiting longer each time (up to "
                                                + FailedVersion.LONGEST_BACKOFF.toMinutes() + " minutes).");
            } else {
                LOG.debug(
                        "Model '{}' of {} failed to load again: {}", version.modelId(), watch.describe(), e.toString());
            }
            Exception cause = e instanceof Exception ex ? ex : new RuntimeException(e);
            for (Listener listener : listeners) {
                tell(() -> listener.failed(cause));
            }
        }
    }

    /** A listener that throws is logged; it stops neither the others nor the following. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A LiveModel listener failed: {}", e.toString());
        }
    }

    /** Stops following and closes the current model once its last call returns. */
    @Override
    public void close() {
        synchronized (refreshing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        poller.shutdownNow();
        current.get().release();
    }

    @Override
    public String toString() {
        return "LiveModel[" + watch.describe() + ": " + current().modelId() + "]";
    }
}

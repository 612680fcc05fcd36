package io.modelstore.internal.store;

import io.modelstore.CacheListener;
import io.modelstore.FollowOptions;
import io.modelstore.Loaders;
import io.modelstore.ModelStore;
import io.modelstore.ProgressListener;
import io.modelstore.internal.ArchiveLocator;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Layout;
import io.modelstore.internal.cache.CacheSettings;
import io.modelstore.internal.cache.ModelCache;
import io.modelstore.internal.commit.Deletion;
import io.modelstore.internal.commit.LatestPointer;
import io.modelstore.internal.commit.States;
import io.modelstore.internal.commit.StoreCheck;
import io.modelstore.internal.commit.Uploads;
import io.modelstore.internal.read.Downloads;
import io.modelstore.internal.read.Listing;
import io.modelstore.internal.read.ModelLookup;
import io.modelstore.internal.read.ModelWatch;
import io.modelstore.internal.read.StateCatalog;
import io.modelstore.internal.serving.Loading;
import io.modelstore.internal.serving.SwapGuard;
import io.modelstore.spi.Storage;
import java.time.Clock;

/** The store's parts, wired once: what {@link ModelStore}'s operations delegate to. */
public final class StoreParts {

    public final Blobs blobs;
    public final StateCatalog stateCatalog;
    public final Listing listing;
    public final ModelLookup lookup;
    public final Uploads uploads;
    public final Downloads downloads;
    public final States states;
    public final Deletion deletion;
    public final StoreCheck check;
    public final Loading loading;

    /** The parts of a store on {@code storage}; {@code cache} is null for none. */
    public StoreParts(
            Storage storage,
            String rootPrefix,
            Clock clock,
            int compressionLevel,
            CacheSettings cache,
            CacheListener cacheListener,
            ProgressListener progress) {
        ModelCache modelCache =
                cache == null ? null : new ModelCache(cache, cacheListener); // first: it may refuse its directory
        this.blobs = new Blobs(storage, new Layout(rootPrefix));
        ArchiveLocator archives = new ArchiveLocator(blobs);
        this.stateCatalog = new StateCatalog(blobs, clock);
        this.listing = new Listing(blobs, stateCatalog);
        this.lookup = new ModelLookup(blobs, listing);
        LatestPointer latest = new LatestPointer(blobs, listing, lookup);
        this.downloads = new Downloads(blobs, lookup, archives, modelCache, progress);
        this.loading = new Loading(downloads, Loaders.discover());
        this.uploads = new Uploads(blobs, clock, compressionLevel, latest, progress, loading::describe);
        this.states = new States(blobs, stateCatalog, listing, lookup);
        this.deletion = new Deletion(blobs, lookup, archives, stateCatalog, states, latest);
        this.check = new StoreCheck(blobs, listing, lookup, archives, latest, clock);
    }

    /**
     * A {@link LiveModel} of the newest model of {@code state} (null: the domain's latest), loaded as {@code type},
     * polled every {@code pollEvery}, swapping in the versions {@code options} admit.
     */
    /** What a {@link io.modelstore.LiveModel} of {@code state} (null: the latest) polls. */
    public ModelWatch watch(String domain, String state) {
        return new ModelWatch(blobs, lookup, domain, state);
    }

    /** What admits a new version into a {@link io.modelstore.LiveModel} that polls {@code watch}. */
    public <T> SwapGuard<T> swapGuard(FollowOptions<? super T> options, ModelWatch watch) {
        return new SwapGuard<>(options, loading::signature, watch.describe());
    }
}

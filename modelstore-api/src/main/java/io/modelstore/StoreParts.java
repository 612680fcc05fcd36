package io.modelstore;

import io.modelstore.spi.Storage;

import java.time.Clock;
import java.time.Duration;

/** The store's parts, wired once: what {@link ModelStore}'s operations delegate to. */
final class StoreParts {

    final Blobs blobs;
    final StateCatalog stateCatalog;
    final Listing listing;
    final ModelLookup lookup;
    final Uploads uploads;
    final Downloads downloads;
    final States states;
    final Deletion deletion;
    final StoreCheck check;
    final Loading loading;

    StoreParts(Storage storage, String rootPrefix, Clock clock, int compressionLevel, ModelCache cache,
               ProgressListener progress) {
        this.blobs = new Blobs(storage, new Layout(rootPrefix));
        ArchiveLocator archives = new ArchiveLocator(blobs);
        this.stateCatalog = new StateCatalog(blobs, clock);
        this.listing = new Listing(blobs, stateCatalog);
        this.lookup = new ModelLookup(blobs, listing);
        LatestPointer latest = new LatestPointer(blobs, listing, lookup);
        this.downloads = new Downloads(blobs, lookup, archives, cache, progress);
        this.loading = new Loading(downloads, Loaders.discover());
        this.uploads = new Uploads(blobs, clock, compressionLevel, latest, progress, loading::describe);
        this.states = new States(blobs, stateCatalog, listing, lookup);
        this.deletion = new Deletion(blobs, lookup, archives, stateCatalog, states, latest);
        this.check = new StoreCheck(blobs, listing, lookup, archives, latest, clock);
    }

    <T> LiveModel<T> follow(String domain, String state, Class<T> type, Duration pollEvery, FollowOptions<? super T> options) {
        ModelWatch watch = new ModelWatch(blobs, lookup, domain, state);
        return new LiveModel<>(watch, meta -> loading.load(meta, type), loading::release, pollEvery,
                new SwapGuard<>(options, loading::signature, watch.describe()));
    }
}

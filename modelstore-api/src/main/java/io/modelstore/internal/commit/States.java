package io.modelstore.internal.commit;

import io.modelstore.internal.Blobs;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Layout.DomainEntry;
import io.modelstore.internal.Names;
import io.modelstore.internal.read.Listing;
import io.modelstore.internal.read.ModelLookup;
import io.modelstore.internal.read.StateCatalog;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Which models are in which state: each membership is a copy of the model's metadata below the state. */
public final class States {

    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final StateCatalog catalog;
    private final Listing listing;
    private final ModelLookup lookup;

    public States(Blobs blobs, StateCatalog catalog, Listing listing, ModelLookup lookup) {
        this.blobs = blobs;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.catalog = catalog;
        this.listing = listing;
        this.lookup = lookup;
    }

    public void setModelState(String domain, String modelId, String state) {
        Names.domain(domain);
        Names.modelId(modelId);
        catalog.require(Names.newState(state));
        byte[] bytes = blobs.readBytes(layout.metadataKey(domain, modelId))
                .orElseThrow(() -> lookup.modelMissing(domain, modelId));
        storage.write(layout.stateCopyKey(domain, state, modelId), bytes, WriteCondition.always());
    }

    public void removeModelState(String domain, String modelId, String state) {
        Names.domain(domain);
        Names.modelId(modelId);
        catalog.require(Names.newState(state));
        storage.delete(layout.stateCopyKey(domain, state, modelId));
    }

    public void deleteModelState(String state) {
        catalog.require(Names.newState(state));
        for (String domain : listing.listDomains()) {
            try (Stream<BlobInfo> copies = storage.list(layout.versionsPrefix(domain, state))) {
                copies.forEach(b -> storage.delete(b.key()));
            }
        }
        storage.delete(layout.stateKey(state));
    }

    public List<String> getModelStates(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        if (!lookup.modelExists(domain, modelId)) {
            throw lookup.modelMissing(domain, modelId);
        }
        return new ArrayList<>(statesOf(domain, modelId));
    }

    /** The states the model is in, sorted, without the reserved {@code modelstore-deleted}. */
    SortedSet<String> statesOf(String domain, String modelId) {
        TreeSet<String> states = new TreeSet<>();
        try (Stream<BlobInfo> listed = storage.list(layout.versionsPrefix(domain, null))) {
            listed.forEach(b -> {
                DomainEntry e = layout.parseDomainKey(domain, b.key());
                if (e != null
                        && e.kind() == DomainEntry.Kind.STATE_COPY
                        && e.modelId().equals(modelId)
                        && !e.state().equals(Names.DELETED_STATE)) {
                    states.add(e.state());
                }
            });
        }
        return states;
    }
}

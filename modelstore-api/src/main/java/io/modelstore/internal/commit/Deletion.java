package io.modelstore.internal.commit;

import io.modelstore.ModelMetadata;
import io.modelstore.internal.ArchiveLocator;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Names;
import io.modelstore.internal.read.ModelLookup;
import io.modelstore.internal.read.StateCatalog;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes a model as Python does, leaving a tombstone in the reserved {@code modelstore-deleted} state. */
public final class Deletion {

    // ModelStore's logger, the one users configure.
    private static final Logger LOG = LoggerFactory.getLogger(Deletion.class);

    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final ModelLookup lookup;
    private final ArchiveLocator archives;
    private final StateCatalog catalog;
    private final States states;
    private final LatestPointer latest;

    public Deletion(
            Blobs blobs,
            ModelLookup lookup,
            ArchiveLocator archives,
            StateCatalog catalog,
            States states,
            LatestPointer latest) {
        this.blobs = blobs;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.lookup = lookup;
        this.archives = archives;
        this.catalog = catalog;
        this.states = states;
        this.latest = latest;
    }

    /**
     * The metadata's removal is the commit point: before it the model is whole, after it the model is deleted and the
     * remaining steps (state copies, archive, pointer) can be repeated. A retry of a delete that failed after the
     * commit point finishes them, and only then says the model was deleted.
     */
    public void deleteModel(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        String metadataKey = layout.metadataKey(domain, modelId);
        Optional<byte[]> bytes = blobs.readBytes(metadataKey);
        if (bytes.isEmpty()) {
            String tombstoneKey = layout.stateCopyKey(domain, Names.DELETED_STATE, modelId);
            Optional<byte[]> tombstone = blobs.readBytes(tombstoneKey);
            if (tombstone.isPresent()) {
                finish(domain, modelId, lookup.verified(domain, modelId, tombstoneKey, tombstone.get()));
            }
            throw lookup.modelMissing(domain, modelId);
        }
        ModelMetadata meta = lookup.verified(domain, modelId, metadataKey, bytes.get());
        catalog.ensure(Names.DELETED_STATE);
        storage.write(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId), bytes.get(), WriteCondition.always());
        storage.delete(metadataKey); // the commit point: from here on the model is invisible
        finish(domain, modelId, meta);
        LOG.debug("Deleted {}/{}", domain, modelId);
    }

    /** The steps after the commit point, each of which can be repeated. */
    private void finish(String domain, String modelId, ModelMetadata meta) {
        for (String state : states.statesOf(domain, modelId)) {
            storage.delete(layout.stateCopyKey(domain, state, modelId));
        }
        archives.findArchiveKey(meta)
                .ifPresent(storage::delete); // a model whose archive is already gone can still be deleted
        latest.repoint(domain, modelId);
    }
}

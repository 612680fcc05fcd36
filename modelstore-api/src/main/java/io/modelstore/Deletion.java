package io.modelstore;

import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Deletes a model as Python does, leaving a tombstone in the reserved {@code modelstore-deleted} state. */
final class Deletion {

    // ModelStore's logger, the one users configure.
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final ModelLookup lookup;
    private final ArchiveLocator archives;
    private final StateCatalog catalog;
    private final States states;
    private final LatestPointer latest;

    Deletion(Blobs blobs, ModelLookup lookup, ArchiveLocator archives, StateCatalog catalog, States states,
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

    void deleteModel(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        String metadataKey = layout.metadataKey(domain, modelId);
        byte[] bytes = blobs.readBytes(metadataKey).orElseThrow(() -> lookup.modelMissing(domain, modelId));
        ModelMetadata meta = new ModelMetadata(Json.parseObject(bytes, metadataKey));
        Optional<String> archiveKey = archives.findArchiveKey(meta); // a model whose archive is already gone can still be deleted

        catalog.ensure(Names.DELETED_STATE);
        storage.write(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId), bytes, WriteCondition.always());
        storage.delete(metadataKey); // from here on the model is invisible
        for (String state : states.statesOf(domain, modelId)) {
            storage.delete(layout.stateCopyKey(domain, state, modelId));
        }
        archiveKey.ifPresent(storage::delete);
        latest.repoint(domain, modelId);
        LOG.debug("Deleted {}/{}", domain, modelId);
    }
}

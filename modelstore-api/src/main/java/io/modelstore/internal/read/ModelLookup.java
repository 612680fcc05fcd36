package io.modelstore.internal.read;

import io.modelstore.DomainNotFoundException;
import io.modelstore.InvalidNameException;
import io.modelstore.ModelDeletedException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotFoundException;
import io.modelstore.StoreDamagedException;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Json;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Names;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.ModelStoreException.Remedy;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds one model's metadata, and says why when it is not there. */
public final class ModelLookup {

    // ModelStore's logger, the one users configure.
    private static final Logger LOG = LoggerFactory.getLogger(ModelLookup.class);

    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final Listing listing;
    private final Set<String> unreadablePointers = ConcurrentHashMap.newKeySet();

    public ModelLookup(Blobs blobs, Listing listing) {
        this.blobs = blobs;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.listing = listing;
    }

    /** The model's metadata; a null {@code modelId} means the domain's latest model. */
    ModelMetadata resolve(String domain, String modelId) {
        return modelId == null ? getDomain(domain) : getModelInfo(domain, modelId);
    }

    /** The metadata of one model; throws {@link #modelMissing} when it has none. */
    public ModelMetadata getModelInfo(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        String key = layout.metadataKey(domain, modelId);
        return blobs.readBytes(key)
                .map(bytes -> verified(domain, modelId, key, bytes))
                .orElseThrow(() -> modelMissing(domain, modelId));
    }

    /**
     * The metadata at {@code key}, which must name the model of its path: a document copied under another id or
     * naming another domain's model is reported, never followed (its archive is another model's).
     */
    public ModelMetadata verified(String domain, String modelId, String key, byte[] bytes) {
        ModelMetadata meta = Json.metadata(bytes, "The metadata at " + key);
        if (!domain.equals(meta.domain()) || !modelId.equals(meta.modelId())) {
            throw new StoreDamagedException(
                    "The metadata at " + key,
                    "names model '" + meta.modelId() + "' of domain '"
                            + meta.domain() + "', not '" + modelId + "' of '" + domain
                            + "': it was copied or changed by hand, and is "
                            + "not followed",
                    "Restore the model's own metadata, or delete the file.",
                    null);
        }
        return meta;
    }

    /** Whether the domain has a (not deleted) model with this id. */
    public boolean modelExists(String domain, String modelId) {
        Names.domain(domain);
        Names.modelId(modelId);
        return storage.stat(layout.metadataKey(domain, modelId)).isPresent();
    }

    /** The metadata of the domain's latest live model. */
    public ModelMetadata getDomain(String domain) {
        Names.domain(domain);
        String pointerKey = layout.domainKey(domain);
        byte[] pointer = blobs.readBytes(pointerKey).orElseThrow(() -> listing.domainNotFound(domain));
        Optional<ModelMetadata> latest = parsePointer(pointerKey, pointer);
        if (latest.isPresent()
                && domain.equals(latest.get().domain())
                && modelExists(domain, latest.get().modelId())) {
            return latest.get(); // a pointer naming another domain's model is not followed
        }
        // Python's delete leaves the pointer on the deleted model, and Python writes it in place, so a reader may find
        // it half-written: either way, answer with the newest remaining model.
        List<String> remaining = listing.listModels(domain);
        if (remaining.isEmpty()) {
            throw new DomainNotFoundException(
                    domain,
                    "Domain '" + domain + "' has no models left: all were deleted. " + "Upload a model to it first.");
        }
        return getModelInfo(domain, remaining.get(0));
    }

    /** The newest model in {@code state} by upload time, or the domain's latest when {@code state} is null. */
    public ModelMetadata getDomain(String domain, String state) {
        if (state == null) {
            return getDomain(domain);
        }
        List<String> inState = listing.listModels(domain, state);
        if (inState.isEmpty()) {
            throw new ModelNotFoundException(
                            domain, null, "Domain '" + domain + "' has no model in state '" + state + "'.")
                    .withRemedy(new Remedy(
                            "Put one in it with setModelState(\"" + domain + "\", modelId, \"" + state + "\").",
                            "Put one in it with: modelstore states set " + domain + " MODEL_ID " + state));
        }
        return getModelInfo(domain, inState.get(0));
    }

    /** The pointer's metadata; empty, with a warning (once per domain), when it is not whole or names no valid model. */
    private Optional<ModelMetadata> parsePointer(String key, byte[] pointer) {
        try {
            ModelMetadata latest = Json.metadata(pointer, key);
            Names.modelId(latest.modelId());
            return Optional.of(latest);
        } catch (StorageException | StoreDamagedException | InvalidNameException e) {
            if (unreadablePointers.add(key)) {
                LOG.warn(
                        "The latest-model pointer {} is not whole metadata: using the newest listed model instead. Python "
                                + "may still be writing it; if this lasts, the pointer is damaged.",
                        key);
            }
            return Optional.empty();
        }
    }

    /**
     * The id of the model the domain's pointer names, empty when there is no pointer; a pointer naming another
     * domain's model gives that model's id and domain.
     *
     * @throws StorageException when the pointer cannot be read
     */
    public Optional<String> pointerModelId(String domain) {
        return blobs.readMetadata(layout.domainKey(domain))
                .map(m -> domain.equals(m.domain()) ? m.modelId() : m.modelId() + " of domain " + m.domain());
    }

    /**
     * The error for a model that is not there: {@link ModelDeletedException} when it was deleted,
     * {@link DomainNotFoundException} when its domain does not exist, else {@link ModelNotFoundException}.
     */
    public ModelStoreException modelMissing(String domain, String modelId) {
        if (storage.stat(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId))
                .isPresent()) {
            return new ModelDeletedException(
                            domain, modelId, "Model '" + modelId + "' in domain '" + domain + "' was deleted.")
                    .withRemedy(new Remedy(
                            "List the domain's models with listModels(\"" + domain + "\").",
                            "List the domain's models with: modelstore models " + domain));
        }
        List<String> models;
        try {
            models = listing.listModels(domain);
        } catch (DomainNotFoundException e) {
            return e;
        }
        return new ModelNotFoundException(
                domain,
                modelId,
                "Model '" + modelId + "' does not exist in domain '" + domain
                        + "'. "
                        + (models.isEmpty()
                                ? "The domain has no models."
                                : "Its newest models: "
                                        + String.join(", ", models.subList(0, Math.min(5, models.size()))) + "."));
    }
}

package io.modelstore.internal.commit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.InvalidUploadException;
import io.modelstore.ModelExistsException;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.ProgressListener;
import io.modelstore.UploadRequest;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Json;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Names;
import io.modelstore.internal.archive.ArchiveDigest;
import io.modelstore.internal.archive.ArchiveWriter;
import io.modelstore.internal.archive.UploadPlan;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.WriteCondition;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload commit protocol: the archive is written with a create-new, then the metadata with a create-new,
 * which is the commit point; a loser's archive is removed.
 */
public final class Uploads {

    // ModelStore's logger, the one users configure.
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final Storage storage;
    private final Layout layout;
    private final Clock clock;
    private final ZoneId zone;
    private final int compressionLevel;
    private final LatestPointer latest;
    private final Blobs blobs;
    private final OwnWrites own;
    private final ProgressListener storeProgress; // for uploads given none of their own
    private final Signatures signatures;

    /** Reads the signature of a model about to be uploaded: its provisional metadata, its files by archive name. */
    public interface Signatures {
        java.util.Optional<ModelSignature> of(ModelMetadata model, Map<String, Path> files);
    }

    public Uploads(
            Blobs blobs,
            Clock clock,
            int compressionLevel,
            LatestPointer latest,
            ProgressListener storeProgress,
            Signatures signatures) {
        this.signatures = signatures;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.clock = clock;
        this.zone = clock.getZone();
        this.compressionLevel = compressionLevel;
        this.latest = latest;
        this.blobs = blobs;
        this.own = new OwnWrites(storage);
        this.storeProgress = storeProgress;
    }

    public ModelMetadata upload(UploadRequest request) {
        String domain = Names.newDomain(request.domain());
        String modelId = request.modelId()
                .map(Names::newModelId)
                .orElseGet(() -> UUID.randomUUID().toString());
        Map<String, Path> entries = UploadPlan.of(request.files(), request.extras());
        refuseLargeMetadata(domain, request);
        String metadataKey = layout.metadataKey(domain, modelId);
        refuseExisting(domain, modelId);

        ObjectNode modelType = Json.MAPPER.createObjectNode();
        modelType.put("library", request.library());
        if (request.type() != null) {
            modelType.put("type", request.type());
        }
        java.util.Optional<ModelSignature> signature = signatures.of(provisional(domain, modelId, modelType), entries);
        Instant now = clock.instant();
        String archiveKey = layout.archiveKey(domain, now, zone, modelId);
        boolean ownArchive = false; // removed again unless the model is committed
        try {
            ArchiveDigest digest;
            OwnWrites.Outcome archived;
            // The archive goes into storage while it is built; nothing is visible at its key before the commit.
            ProgressListener listener =
                    request.progress() != ProgressListener.NONE ? request.progress() : storeProgress;
            UploadProgress progress = new UploadProgress(listener);
            try (BlobOutput out = storage.openWrite(archiveKey, WriteCondition.ifAbsent())) {
                OutputStream target = out;
                if (listener != ProgressListener.NONE) { // else no counting at all
                    out.onSent(progress::sent);
                    target = progress.counting(out);
                }
                digest = ArchiveWriter.write(
                        entries, Json.pythonBytes(modelType), now, target, compressionLevel, progress);
                progress.archiveComplete(digest.size());
                archived = own.commit(archiveKey, out, digest);
            }
            switch (archived) {
                case TAKEN -> throw exists(domain, modelId, "another upload of the same id is writing its archive");
                case WRITTEN -> ownArchive = true;
                case ALREADY_OURS ->
                    ownArchive = false; // or a same-second upload of the same bytes: never ours to remove
            }
            progress.uploaded();
            byte[] bytes = Json.pythonBytes(
                    newMetadata(request, domain, modelId, modelType, signature, archiveKey, digest, now));
            // Read back what was written, so the result equals what getModelInfo returns later.
            ModelMetadata metadata = Json.metadata(bytes, "The new metadata");
            boolean committed;
            try {
                committed = own.create(metadataKey, bytes); // the commit point
            } catch (RuntimeException e) {
                ownArchive = false; // the metadata may have been written: keep the archive it would name
                throw e;
            }
            if (!committed) {
                ownArchive = !referenced(metadataKey, archiveKey);
                throw exists(domain, modelId, "another upload of the same id finished first");
            }
            ownArchive = false; // the model is committed: the archive is its own now
            LOG.debug("Uploaded {}/{} ({} bytes, sha256 {})", domain, modelId, digest.size(), digest.sha256());
            try {
                latest.advance(domain, metadata, bytes);
            } catch (RuntimeException e) {
                // Committed all the same: the next upload, or 'modelstore check --repair', moves the pointer on.
                LOG.warn(
                        "Model {}/{} is stored, but the domain's latest pointer could not be moved to it: {}",
                        domain,
                        modelId,
                        e.getMessage());
            }
            return metadata;
        } finally {
            if (ownArchive) {
                deleteQuietly(archiveKey);
            }
        }
    }

    // An early refusal with the reason; the create-new writes are what keep concurrent uploads apart.
    private void refuseExisting(String domain, String modelId) {
        if (storage.stat(layout.metadataKey(domain, modelId)).isPresent()) {
            throw exists(domain, modelId, "it was uploaded before");
        }
        if (storage.stat(layout.stateCopyKey(domain, Names.DELETED_STATE, modelId))
                .isPresent()) {
            throw exists(domain, modelId, "it was used by a model that has since been deleted");
        }
    }

    // The rest of the document takes a few KiB: what would make it unreadable is the user's part.
    private static void refuseLargeMetadata(String domain, UploadRequest request) {
        long size = (long) Json.pythonBytes(Json.fromValue(request.parameters())).length
                + (request.metadata() == null ? 0 : Json.pythonBytes(Json.fromValue(request.metadata())).length);
        if (size > ModelMetadata.MAX_DOCUMENT_SIZE - (64 << 10)) {
            throw new InvalidUploadException("Cannot upload to domain '" + domain
                    + "': its extra metadata and parameters "
                    + "take " + size + " bytes as JSON, and a metadata document may take at most "
                    + (ModelMetadata.MAX_DOCUMENT_SIZE >> 20) + " MiB. Nothing was written. Store large data as "
                    + "an extra file instead.");
        }
    }

    private static ModelExistsException exists(String domain, String modelId, String why) {
        return new ModelExistsException(
                domain,
                modelId,
                "Model '" + modelId + "' already exists in domain '" + domain + "' (" + why
                        + "). Choose another model id, or leave it out to get a new UUID.");
    }

    /** The metadata JSON of a new model, in Python's layout. */
    private ObjectNode newMetadata(
            UploadRequest request,
            String domain,
            String modelId,
            ObjectNode modelType,
            java.util.Optional<ModelSignature> signature,
            String archiveKey,
            ArchiveDigest digest,
            Instant now) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode model = meta.putObject("model");
        model.put("domain", domain);
        model.put("model_id", modelId);
        model.set("model_type", modelType);
        model.set("parameters", Json.fromValue(request.parameters()));
        signature.ifPresent(s -> model.set("signature", Json.fromValue(s.toMap()))); // Java's own: Python ignores it
        ObjectNode location = meta.putObject("storage");
        storage.location(archiveKey).forEach((k, v) -> location.set(k, Json.fromValue(v)));
        location.put("sha256", digest.sha256());
        location.put("size", digest.size());
        location.put("expanded_size", digest.expandedSize());
        meta.put("modelstore", ModelStore.PYTHON_FORMAT_VERSION);
        ObjectNode code = meta.putObject("code");
        code.put("runtime", "java:" + System.getProperty("java.version"));
        code.put("user", System.getProperty("user.name"));
        code.put("created", Json.PYTHON_CREATED.format(now.atZone(zone)));
        code.put("created_at", now.toString());
        code.putObject("dependencies").put("modelstore-java", ModelStore.version());
        if (request.metadata() != null) {
            meta.set("extra", Json.fromValue(request.metadata()));
        }
        return meta;
    }

    /** What a loader is given to read an upload's signature: the model's names and type, nothing stored yet. */
    private static ModelMetadata provisional(String domain, String modelId, ObjectNode modelType) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ObjectNode model = meta.putObject("model");
        model.put("domain", domain);
        model.put("model_id", modelId);
        model.set("model_type", modelType);
        return Json.metadata(Json.pythonBytes(meta), "The metadata of the model being uploaded");
    }

    // A same-second upload of the same id and bytes may have adopted our archive: the winner keeps it.
    private boolean referenced(String metadataKey, String archiveKey) {
        try {
            return blobs.readBytes(metadataKey)
                    .map(b -> new String(b, StandardCharsets.UTF_8).contains(archiveKey))
                    .orElse(false);
        } catch (RuntimeException e) {
            return true; // unknown: keep it
        }
    }

    // Cleanup after a failure must not hide the failure itself.
    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove {} after a failed upload: {}", key, e.toString());
        }
    }
}

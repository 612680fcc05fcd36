package io.modelstore.internal.read;

import io.modelstore.ChecksumMismatchException;
import io.modelstore.DownloadOptions;
import io.modelstore.ModelMetadata;
import io.modelstore.ProgressListener;
import io.modelstore.internal.ArchiveLocator;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.archive.ArchiveExtractor;
import io.modelstore.internal.archive.ExpansionGuard;
import io.modelstore.internal.archive.Placement;
import io.modelstore.internal.cache.CacheLocks;
import io.modelstore.internal.cache.ModelCache;
import io.modelstore.internal.cache.ModelFiles;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a model's archive and extracts it, refusing one whose SHA-256 differs from the recorded one; with a
 * {@link ModelCache}, through it, and from it when the storage cannot be reached.
 */
public final class Downloads {

    private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
    /** Reads of a cached model's files that may find them changed (by a writer into the cache) before giving up. */
    private static final int CHANGED_ATTEMPTS = 3;

    private final Storage storage;
    private final ModelLookup lookup;
    private final ArchiveLocator archives;
    private final ModelCache cache; // null: none
    private final ProgressListener storeProgress; // for downloads given none of their own

    public Downloads(
            Blobs blobs,
            ModelLookup lookup,
            ArchiveLocator archives,
            ModelCache cache,
            ProgressListener storeProgress) {
        this.storage = blobs.storage();
        this.lookup = lookup;
        this.archives = archives;
        this.cache = cache;
        this.storeProgress = storeProgress;
    }

    /** A null {@code modelId} means the domain's latest model. */
    public Path download(Path targetDir, String domain, String modelId, DownloadOptions options) {
        Objects.requireNonNull(targetDir, "targetDir");
        Objects.requireNonNull(options, "options");
        ModelMetadata meta = metadataOf(domain, modelId);
        if (cache != null) {
            try {
                String source = "model '" + meta.modelId() + "' of domain '" + meta.domain() + "' from the cache";
                return withFiles(meta, options, files -> {
                    Placement.viaStaging(targetDir, options.overwrite(), source, (staging, root) -> {
                        Placement.copy(files.directory(), staging);
                        files.confirmUnchanged(); // before a copied byte is moved in
                    });
                    return targetDir;
                });
            } catch (ModelCache.ShortOfSpace e) {
                // told by the cache; the model goes straight to the target
            } catch (IOException e) {
                throw cannotWrite("model '" + meta.modelId() + "' of domain '" + meta.domain() + "'", targetDir, e);
            }
        }
        extract(meta, targetDir, options);
        return targetDir;
    }

    /** Reads a model's files. */
    public interface FilesUse<R> {
        R use(ModelFiles files) throws IOException;
    }

    /**
     * Hands the model's files (as {@link #filesOf}) to {@code use}, which calls {@link ModelFiles#confirmUnchanged()}
     * once it has read them; when they changed meanwhile, they are checked, filled again and read again.
     */
    public <R> R withFiles(ModelMetadata meta, DownloadOptions options, FilesUse<R> use) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (ModelFiles files = filesOf(meta, options)) {
                return use.use(files);
            } catch (ModelFiles.Changed e) {
                String what = "model '" + meta.modelId() + "' of domain '" + meta.domain() + "'";
                if (attempt == CHANGED_ATTEMPTS) {
                    throw new StorageException(
                            Reason.LOCAL_IO,
                            "The model cache's files of " + what + " changed each of the "
                                    + CHANGED_ATTEMPTS + " times they were read (last: " + e.getMessage()
                                    + "): something writes into "
                                    + "the cache directory. Stop it; the cache's files are only to be read.",
                            e);
                }
                LOG.warn(
                        "The model cache's files of {} changed while they were read ({}): what was read is thrown away and "
                                + "they are read again.",
                        what,
                        e.getMessage());
            }
        }
    }

    /**
     * The model's files as a read-only directory, held until closed: the cache's entry, or without a cache (or when
     * the cache is short of space) a temporary directory that closing deletes.
     */
    ModelFiles filesOf(ModelMetadata meta, DownloadOptions options) {
        if (cache != null) {
            try {
                return cache.open(meta, into -> extract(meta, into, options));
            } catch (ModelCache.ShortOfSpace e) {
                // told by the cache; the model goes to a temporary directory
            }
        }
        Path temporary;
        try {
            temporary = Files.createTempDirectory("modelstore-files-");
        } catch (IOException e) {
            throw cannotWrite("model '" + meta.modelId() + "'", Path.of(System.getProperty("java.io.tmpdir")), e);
        }
        CacheLocks.Held delete = () -> {
            try {
                Placement.deleteRecursively(temporary);
            } catch (IOException e) {
                LOG.warn("Cannot delete the temporary model files {}: {}", temporary, e.toString());
            }
        };
        try {
            extract(meta, temporary, options);
        } catch (RuntimeException e) {
            delete.close();
            throw e;
        }
        return new ModelFiles(temporary, meta, delete);
    }

    /** The metadata from the storage, or from the cache when the storage cannot be reached. */
    public ModelMetadata metadataOf(String domain, String modelId) {
        try {
            return lookup.resolve(domain, modelId);
        } catch (StorageException e) {
            if (cache == null || (e.reason() != Reason.UNREACHABLE && e.reason() != Reason.TRANSIENT)) {
                throw e;
            }
            if (modelId == null) {
                List<String> cached = cache.modelIds(domain);
                throw new StorageException(
                        e.reason(),
                        "Cannot tell which model of domain '" + domain + "' is the latest: "
                                + storage.describe() + " cannot be reached, and only the storage knows. "
                                + (cached.isEmpty()
                                        ? "No model of the domain is in the cache either; try again when the storage answers."
                                        : "Download a cached model by its id instead: " + String.join(", ", cached)
                                                + ".")
                                + " (" + e.getMessage() + ")",
                        e);
            }
            Optional<ModelMetadata> cached = cache.metadata(domain, modelId);
            if (cached.isEmpty()) {
                throw e;
            }
            LOG.warn(
                    "{} cannot be reached ({}): using the cached copy of model '{}' of domain '{}'.",
                    storage.describe(),
                    e.getMessage(),
                    modelId,
                    domain);
            return cached.get();
        }
    }

    private void extract(ModelMetadata meta, Path targetDir, DownloadOptions given) {
        DownloadOptions options = given.progress() == ProgressListener.NONE ? given.withProgress(storeProgress) : given;
        String archiveKey = archives.archiveKeyOf(meta);
        String source = "the archive of " + meta.domain() + "/" + meta.modelId() + " at " + archiveKey;
        Optional<String> expected = meta.archiveSha256();
        try (InputStream in = ResumingInputStream.open(storage, archiveKey)) {
            ExpansionGuard guard = ExpansionGuard.of(meta.expandedSize(), options.maxExpandedSize());
            ArchiveExtractor.extract(in, targetDir, source, meta.archiveSize().orElse(-1), options, guard, digest -> {
                if (expected.isPresent() && !expected.get().equalsIgnoreCase(digest.sha256())) {
                    throw new ChecksumMismatchException(
                            archiveKey,
                            expected.get(),
                            digest.sha256(),
                            "The archive of model '"
                                    + meta.modelId() + "' in domain '" + meta.domain() + "' at " + archiveKey
                                    + " is corrupt: its SHA-256 is "
                                    + digest.sha256() + " but " + expected.get()
                                    + " was recorded at upload. Nothing was extracted. "
                                    + "Restore the archive from a backup or upload the model again.");
                }
            });
        } catch (BlobNotFoundException e) {
            // The archive went between the lookup and the read (a concurrent delete).
            throw new StorageException(
                    StorageException.Reason.BLOB_NOT_FOUND,
                    "The archive of model '" + meta.modelId()
                            + "' in domain '" + meta.domain() + "' is missing at " + archiveKey + " in "
                            + storage.describe()
                            + ". Its metadata exists but the artifact does not: upload the model again.",
                    e);
        } catch (IOException e) {
            throw cannotWrite(source, targetDir, e);
        }
    }

    private static StorageException cannotWrite(String source, Path targetDir, IOException e) {
        return new StorageException(
                Reason.LOCAL_IO,
                "Cannot download " + source + " to " + targetDir + ": " + e + ". Check the "
                        + "directory's permissions and free space.",
                e);
    }
}

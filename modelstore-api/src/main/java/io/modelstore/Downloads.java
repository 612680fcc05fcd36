package io.modelstore;

import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Downloads a model's archive and extracts it, refusing one whose SHA-256 differs from the recorded one. */
final class Downloads {

    private final Storage storage;
    private final ModelLookup lookup;
    private final ArchiveLocator archives;

    Downloads(Blobs blobs, ModelLookup lookup, ArchiveLocator archives) {
        this.storage = blobs.storage();
        this.lookup = lookup;
        this.archives = archives;
    }

    /** A null {@code modelId} means the domain's latest model. */
    Path download(Path targetDir, String domain, String modelId, DownloadOptions options) {
        Objects.requireNonNull(targetDir, "targetDir");
        Objects.requireNonNull(options, "options");
        return download(targetDir, lookup.resolve(domain, modelId), options);
    }

    /** Downloads the model {@code meta} describes. */
    Path download(Path targetDir, ModelMetadata meta, DownloadOptions options) {
        String archiveKey = archives.archiveKeyOf(meta);
        String source = "the archive of " + meta.domain() + "/" + meta.modelId() + " at " + archiveKey;
        Optional<String> expected = meta.archiveSha256();
        try (InputStream in = ResumingInputStream.open(storage, archiveKey)) {
            ExpansionGuard guard = ExpansionGuard.of(meta.expandedSize(), options.maxExpandedSize());
            Archives.extract(in, targetDir, source, meta.archiveSize().orElse(-1), options, guard, digest -> {
                if (expected.isPresent() && !expected.get().equalsIgnoreCase(digest.sha256())) {
                    throw new ChecksumMismatchException(archiveKey, expected.get(), digest.sha256(), "The archive of model '"
                            + meta.modelId() + "' in domain '" + meta.domain() + "' at " + archiveKey + " is corrupt: its SHA-256 is "
                            + digest.sha256() + " but " + expected.get() + " was recorded at upload. Nothing was extracted. "
                            + "Restore the archive from a backup or upload the model again.");
                }
            });
            return targetDir;
        } catch (BlobNotFoundException e) {
            // The archive went between the lookup and the read (a concurrent delete).
            throw new StorageException(StorageException.Reason.BLOB_NOT_FOUND, "The archive of model '" + meta.modelId()
                    + "' in domain '" + meta.domain() + "' is missing at " + archiveKey + " in " + storage.describe()
                    + ". Its metadata exists but the artifact does not: upload the model again.", e);
        } catch (IOException e) {
            throw new StorageException("Cannot download " + source + " to " + targetDir + ": " + e + ". Check the "
                    + "directory's permissions and free space.", e);
        }
    }
}

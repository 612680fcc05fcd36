package io.modelstore.internal;

import io.modelstore.InvalidNameException;
import io.modelstore.ModelMetadata;
import io.modelstore.StoreDamagedException;
import io.modelstore.internal.Layout.DomainEntry;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Finds a model's archive in the store: at the location its metadata records, else by listing its domain. */
public final class ArchiveLocator {

    private final Storage storage;
    private final Layout layout;

    public ArchiveLocator(Blobs blobs) {
        this.storage = blobs.storage();
        this.layout = blobs.layout();
    }

    /** The key of the model's archive; throws when there is none. */
    public String archiveKeyOf(ModelMetadata meta) {
        return findArchiveKey(meta)
                .orElseThrow(() -> new StorageException(
                        StorageException.Reason.BLOB_NOT_FOUND,
                        "The archive of model '" + meta.modelId() + "' in domain '" + meta.domain()
                                + "' is missing from " + storage.describe()
                                + ". Its metadata exists but the artifact does not: upload the model again."));
    }

    /** The key of the model's archive, or empty when there is none. */
    public Optional<String> findArchiveKey(ModelMetadata meta) {
        requireSegment(meta, "domain", meta.domain(), Names::domain);
        requireSegment(meta, "model id", meta.modelId(), Names::modelId);
        for (String key : layout.recordedArchiveKeys(meta)) {
            if (storage.stat(key).isPresent()) {
                return Optional.of(key);
            }
        }
        return findArchive(meta.domain(), meta.modelId());
    }

    // The metadata's names become keys below; Java and Python never write one that leaves its place in the layout.
    private void requireSegment(ModelMetadata meta, String what, String name, Consumer<String> check) {
        try {
            check.accept(name);
        } catch (InvalidNameException e) {
            throw new StoreDamagedException(
                    "The metadata of model '" + meta.modelId() + "'",
                    "names the invalid " + what
                            + " '" + name + "' (a " + what
                            + " is one key segment, without '/', '\\', '.' or '..'): the store may "
                            + "have been tampered with. Its archive was not touched",
                    "Restore the metadata from a backup, and check " + "who can write to " + storage.describe() + ".",
                    e);
        }
    }

    // Metadata without a usable location: the archive is found by its model id among the domain's keys.
    private Optional<String> findArchive(String domain, String modelId) {
        try (Stream<BlobInfo> blobs = storage.list(layout.domainPrefix(domain))) {
            return blobs.map(BlobInfo::key)
                    .filter(k -> {
                        DomainEntry e = layout.parseDomainKey(domain, k);
                        return e != null
                                && e.kind() == DomainEntry.Kind.ARCHIVE
                                && e.modelId().equals(modelId);
                    })
                    .reduce((a, b) -> b);
        }
    }
}

package io.modelstore.internal.commit;

import io.modelstore.CheckReport;
import io.modelstore.CheckReport.Finding;
import io.modelstore.CheckReport.Kind;
import io.modelstore.ModelNotFoundException;
import io.modelstore.StoreDamagedException;
import io.modelstore.internal.ArchiveLocator;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Layout.DomainEntry;
import io.modelstore.internal.Names;
import io.modelstore.internal.read.Listing;
import io.modelstore.internal.read.ModelLookup;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds, and with repair removes or fixes, what crashes and interrupted operations leave: archives no metadata names,
 * stale pointers, state entries of models that are gone, and the storage's and this machine's unfinished writes.
 * Only what is older than the grace period counts, so that operations still running are left alone; nothing that
 * a live model's metadata, a pointer or a state names is removed.
 */
public final class StoreCheck {

    /** The temporary archives of uploads in {@code java.io.tmpdir}: this prefix, the process id, {@code -}. */
    static final String LOCAL_TEMPORARY_PREFIX = io.modelstore.spi.BlobOutput.TEMPORARY_FILE_PREFIX;

    private final Storage storage;
    private final Layout layout;
    private final Listing listing;
    private final ModelLookup lookup;
    private final ArchiveLocator archives;
    private final LatestPointer latest;
    private final Clock clock;

    public StoreCheck(
            Blobs blobs,
            Listing listing,
            ModelLookup lookup,
            ArchiveLocator archives,
            LatestPointer latest,
            Clock clock) {
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.listing = listing;
        this.lookup = lookup;
        this.archives = archives;
        this.latest = latest;
        this.clock = clock;
    }

    public CheckReport check(boolean repair, Duration grace) {
        Instant before = clock.instant().minus(Objects.requireNonNull(grace, "gracePeriod"));
        List<Finding> findings = new ArrayList<>();
        for (String domain : domains()) {
            checkDomain(domain, repair, before, findings);
        }
        String base = layout.base().isEmpty() ? "" : layout.base() + "/";
        for (String leftover : storage.leftovers(base, before)) {
            findings.add(new Finding(Kind.STORAGE_LEFTOVER, base, leftover, repair));
        }
        if (repair) {
            storage.removeLeftovers(base, before);
        }
        localTemporaryFiles(repair, before, findings);
        return new CheckReport(findings, repair);
    }

    /** Every domain with a pointer or any model key: a crash may have left a domain without its pointer. */
    private Set<String> domains() {
        Set<String> domains = new HashSet<>(listing.listDomains());
        String prefix = layout.base() + "/";
        try (Stream<BlobInfo> all = storage.list(prefix)) {
            all.forEach(blob -> {
                String rest = blob.key().substring(prefix.length());
                int slash = rest.indexOf('/');
                String first = slash < 0 ? null : rest.substring(0, slash);
                if (first != null
                        && !first.equals("domains")
                        && !first.equals("model_states")
                        && layout.parseDomainKey(first, blob.key()) != null) {
                    domains.add(first);
                }
            });
        }
        return new TreeSet<>(domains);
    }

    private void checkDomain(String domain, boolean repair, Instant before, List<Finding> findings) {
        Map<String, BlobInfo> archivesByKey = new TreeMap<>();
        Map<String, List<BlobInfo>> copies = new TreeMap<>();
        Set<String> metadataIds = new HashSet<>();
        try (Stream<BlobInfo> listed = storage.list(layout.domainPrefix(domain))) {
            listed.forEach(blob -> {
                DomainEntry entry = layout.parseDomainKey(domain, blob.key());
                if (entry == null) {
                    return;
                }
                switch (entry.kind()) {
                    case METADATA -> metadataIds.add(entry.modelId());
                    case STATE_COPY ->
                        copies.computeIfAbsent(entry.modelId(), k -> new ArrayList<>())
                                .add(blob);
                    case ARCHIVE -> archivesByKey.put(blob.key(), blob);
                }
            });
        }
        Set<String> named = new HashSet<>();
        for (String id : metadataIds) {
            String key = layout.metadataKey(domain, id);
            try {
                archives.findArchiveKey(lookup.getModelInfo(domain, id)).ifPresent(named::add);
            } catch (ModelNotFoundException e) {
                // Deleted while this check ran: its archive is an orphan once older than the grace period.
            } catch (StorageException | StoreDamagedException e) {
                // Its archive is kept: the metadata may be restored.
                archivesByKey
                        .keySet()
                        .removeIf(
                                k -> id.equals(layout.parseDomainKey(domain, k).modelId()));
                findings.add(new Finding(Kind.UNREADABLE_METADATA, key, e.getMessage(), false));
            }
        }
        for (BlobInfo archive : archivesByKey.values()) {
            if (!named.contains(archive.key()) && archive.lastModified().isBefore(before)) {
                if (repair) {
                    storage.delete(archive.key());
                }
                findings.add(new Finding(
                        Kind.ORPHAN_ARCHIVE, archive.key(), "no model's metadata names this archive", repair));
            }
        }
        copies.forEach((id, blobs) -> {
            for (BlobInfo copy : blobs) {
                DomainEntry entry = layout.parseDomainKey(domain, copy.key());
                if (!entry.state().equals(Names.DELETED_STATE)
                        && !metadataIds.contains(id)
                        && copy.lastModified().isBefore(before)) {
                    if (repair) {
                        storage.delete(copy.key());
                    }
                    findings.add(new Finding(
                            Kind.STALE_STATE_ENTRY,
                            copy.key(),
                            "model '" + id + "' is no longer in the " + "domain",
                            repair));
                }
            }
        });
        if (findings.stream()
                .noneMatch(f ->
                        f.kind() == Kind.UNREADABLE_METADATA && f.location().startsWith(layout.domainPrefix(domain)))) {
            checkPointer(domain, repair, findings); // with unreadable metadata, which model is newest is not known
        }
    }

    private void checkPointer(String domain, boolean repair, List<Finding> findings) {
        String key = layout.domainKey(domain);
        List<String> listed = listing.listModels(domain);
        Optional<String> named;
        try {
            named = lookup.pointerModelId(domain);
        } catch (StorageException | StoreDamagedException e) {
            named = Optional.of("(unreadable)");
        }
        Optional<String> newest = listed.stream().findFirst();
        if (named.equals(newest)) {
            return;
        }
        String detail = newest.isEmpty()
                ? "the domain has no models left, but its pointer names '" + named.get() + "'"
                : named.isEmpty()
                        ? "the pointer is missing; the newest model is '" + newest.get() + "'"
                        : "the pointer names '" + named.get() + "', but the newest model is '" + newest.get() + "'";
        if (repair) {
            latest.repair(domain);
        }
        findings.add(new Finding(Kind.STALE_POINTER, key, detail, repair));
    }

    // A running upload's archive is never taken, whatever the grace period.
    private static boolean ofLiveProcess(Path file) {
        String rest = file.getFileName().toString().substring(LOCAL_TEMPORARY_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0
                    && ProcessHandle.of(Long.parseLong(rest.substring(0, dash)))
                            .map(ProcessHandle::isAlive)
                            .orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void localTemporaryFiles(boolean repair, Instant before, List<Finding> findings) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, LOCAL_TEMPORARY_PREFIX + "*")) {
            for (Path file : files) {
                if (!ofLiveProcess(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    if (repair) {
                        Files.deleteIfExists(file);
                    }
                    findings.add(new Finding(
                            Kind.LOCAL_TEMPORARY_FILE,
                            file.toString(),
                            "an upload's temporary archive, " + "left by a process that stopped",
                            repair));
                }
            }
        } catch (IOException e) {
            findings.add(new Finding(Kind.LOCAL_TEMPORARY_FILE, dir.toString(), "cannot be read: " + e, false));
        }
    }
}

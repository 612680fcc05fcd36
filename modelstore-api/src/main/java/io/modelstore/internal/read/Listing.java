package io.modelstore.internal.read;

import io.modelstore.DomainNotFoundException;
import io.modelstore.ModelMetadata;
import io.modelstore.StoreDamagedException;
import io.modelstore.internal.Blobs;
import io.modelstore.internal.Layout;
import io.modelstore.internal.Layout.DomainEntry;
import io.modelstore.internal.Names;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists the store's domains and a domain's models, newest first. */
public final class Listing {

    /** Order of models in a domain: newest first, ties broken by model id. */
    public static final Comparator<ModelMetadata> NEWEST_FIRST =
            Comparator.comparing(m -> new Created(m.created(), m.modelId(), null), Created.NEWEST_FIRST);

    private static final Logger LOG = LoggerFactory.getLogger(Listing.class);

    /** From this many reads on, a listing reads metadata several at a time. */
    private static final int PARALLEL_FROM = 4;
    /** Shared by every store in the JVM; its threads end when idle. */
    private static final ExecutorService READERS = readers();

    private static final int SEEN_MAX = 50_000;

    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    // Creation times by metadata key, as last read: a listing that finds the same version reads it no more.
    private final Map<String, Seen> seen = new BoundedCache<>(SEEN_MAX);
    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final StateCatalog states;

    public Listing(Blobs blobs, StateCatalog states) {
        this.blobs = blobs;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.states = states;
    }

    /** The domains that have a latest model, sorted by name. */
    public List<String> listDomains() {
        String prefix = layout.domainsPrefix();
        try (Stream<BlobInfo> listed = storage.list(prefix)) {
            return listed.map(b -> Layout.jsonName(prefix, b.key()))
                    .filter(Objects::nonNull)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The ids of all the domain's models, newest first. */
    public List<String> listModels(String domain) {
        return listModels(domain, null);
    }

    /** The ids of the domain's models in {@code state} (all when null), newest first, from one listing. */
    public List<String> listModels(String domain, String state) {
        Names.domain(domain);
        if (state != null) {
            states.require(Names.state(state));
        }
        Map<String, String> uploaded = new HashMap<>();
        Map<String, String> versions = new HashMap<>();
        Set<String> live = new HashSet<>();
        Set<String> inState = new HashSet<>();
        Set<String> archivedTwice = new HashSet<>();
        boolean any = false;
        try (Stream<BlobInfo> listed = storage.list(layout.domainPrefix(domain))) {
            for (BlobInfo blob : (Iterable<BlobInfo>) listed::iterator) {
                any = true;
                DomainEntry entry = layout.parseDomainKey(domain, blob.key());
                if (entry == null) {
                    continue;
                }
                switch (entry.kind()) {
                    case METADATA -> {
                        if (blob.size() > 0) {
                            live.add(entry.modelId());
                            versions.put(entry.modelId(), blob.version());
                        } else {
                            skipOnce(
                                    blob.key(), "It is empty."); // Python writes in place: a crashed writer leaves this
                        }
                    }
                    case STATE_COPY -> {
                        if (entry.state().equals(state)) {
                            inState.add(entry.modelId());
                        }
                    }
                    case ARCHIVE -> {
                        String earlier = uploaded.putIfAbsent(entry.modelId(), entry.uploaded());
                        if (earlier != null && !earlier.equals(entry.uploaded())) {
                            archivedTwice.add(entry.modelId());
                            uploaded.put(entry.modelId(), Collections.max(List.of(earlier, entry.uploaded())));
                        }
                    }
                }
            }
        }
        if (!any && storage.stat(layout.domainKey(domain)).isEmpty()) {
            throw domainNotFound(domain);
        }
        Set<String> ids =
                state == null ? live : inState.stream().filter(live::contains).collect(Collectors.toSet());
        archivedTwice.retainAll(ids);
        placeByRecordedArchive(domain, archivedTwice, uploaded, versions);
        return newestFirst(domain, ids, uploaded, versions);
    }

    /**
     * A model with archives in several seconds (a losing writer's leftover, until a repair removes it) is placed by the
     * archive its metadata records; by its latest archive (as listed) when the metadata records none.
     */
    private void placeByRecordedArchive(
            String domain, Set<String> models, Map<String, String> uploaded, Map<String, String> versions) {
        Map<String, Created> created = created(domain, List.copyOf(models), versions);
        for (String id : models) {
            Optional.ofNullable(created.get(id))
                    .map(Created::archiveSecond)
                    .ifPresent(second -> uploaded.put(id, second));
        }
    }

    private List<String> newestFirst(
            String domain, Set<String> ids, Map<String, String> uploaded, Map<String, String> versions) {
        // Group by upload second (from the keys); read metadata only where a second holds several models.
        Map<String, List<String>> bySecond = new HashMap<>();
        for (String id : ids) {
            bySecond.computeIfAbsent(uploaded.getOrDefault(id, ""), k -> new ArrayList<>())
                    .add(id);
        }
        List<String> seconds = new ArrayList<>(bySecond.keySet());
        seconds.sort(Comparator.reverseOrder());
        List<String> tied = new ArrayList<>();
        for (String second : seconds) {
            List<String> group = bySecond.get(second);
            if (group.size() > 1 || second.isEmpty()) {
                tied.addAll(group);
            }
        }
        Map<String, Created> created = created(domain, tied, versions);
        List<String> result = new ArrayList<>(ids.size());
        for (String second : seconds) {
            List<String> group = bySecond.get(second);
            if (group.size() == 1 && !second.isEmpty()) {
                result.add(group.get(0));
                continue;
            }
            group.stream()
                    .map(created::get)
                    .filter(Objects::nonNull)
                    .sorted(Created.NEWEST_FIRST)
                    .forEach(c -> result.add(c.modelId()));
        }
        return result;
    }

    /**
     * When a model was created, as its metadata says: what orders a domain's models (ties by id). With the second of
     * the archive that the metadata records, when it records one.
     */
    private record Created(Instant created, String modelId, String archiveSecond) {
        static final Comparator<Created> NEWEST_FIRST = Comparator.comparing(Created::created)
                .thenComparing(Created::modelId)
                .reversed();
    }

    /**
     * The creation times of these models, from metadata seen before at the same version, otherwise read, several at a
     * time (an object store answers each read in milliseconds). Unreadable documents are left out.
     */
    private Map<String, Created> created(String domain, List<String> ids, Map<String, String> versions) {
        Map<String, Created> found = new HashMap<>();
        List<String> toRead = new ArrayList<>();
        for (String id : ids) {
            String key = layout.metadataKey(domain, id);
            Created seen = seen(key, versions.get(id));
            if (seen != null) {
                found.put(id, seen);
            } else {
                toRead.add(id);
            }
        }
        if (toRead.size() < PARALLEL_FROM) {
            toRead.forEach(id -> read(domain, id, versions.get(id)).ifPresent(c -> found.put(id, c)));
            return found;
        }
        List<java.util.concurrent.Future<Optional<Created>>> reads = new ArrayList<>(toRead.size());
        for (String id : toRead) {
            reads.add(READERS.submit(() -> read(domain, id, versions.get(id))));
        }
        for (int i = 0; i < reads.size(); i++) {
            try {
                String id = toRead.get(i);
                reads.get(i).get().ifPresent(c -> found.put(id, c));
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new StorageException(
                                StorageException.Reason.TRANSIENT,
                                "Cannot list the models of domain '" + domain + "': " + e.getCause(),
                                e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(
                        StorageException.Reason.TRANSIENT,
                        "Interrupted while listing the models of domain '" + domain + "'",
                        e);
            }
        }
        return found;
    }

    private Optional<Created> read(String domain, String id, String version) {
        String key = layout.metadataKey(domain, id);
        try {
            Optional<Created> created =
                    blobs.readMetadata(key).map(m -> new Created(m.created(), m.modelId(), archiveSecond(m)));
            created.ifPresent(c -> remember(key, version, c));
            return created;
        } catch (StorageException | StoreDamagedException e) {
            skipOnce(key, e.getMessage()); // one unreadable document must not hide the domain's other models
            return Optional.empty();
        }
    }

    private String archiveSecond(ModelMetadata meta) {
        return layout.recordedArchiveKeys(meta).stream()
                .findFirst()
                .map(key -> layout.parseDomainKey(meta.domain(), key).uploaded())
                .orElse(null);
    }

    // Metadata documents are written once (create-new): the same version has the same creation time.
    private Created seen(String key, String version) {
        if (version == null || version.isEmpty()) {
            return null;
        }
        synchronized (seen) {
            Seen s = seen.get(key);
            return s != null && s.version().equals(version) ? s.created() : null;
        }
    }

    private void remember(String key, String version, Created created) {
        if (version != null && !version.isEmpty()) {
            synchronized (seen) {
                seen.put(key, new Seen(version, created));
            }
        }
    }

    private record Seen(String version, Created created) {}

    private void skipOnce(String key, String why) {
        if (skipped.add(key)) {
            LOG.warn("Not listing the model whose metadata is {}. {} Delete or restore the file.", key, why);
        }
    }

    private static ExecutorService readers() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "modelstore-listing-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The error for a domain that does not exist, naming the ones that do. */
    DomainNotFoundException domainNotFound(String domain) {
        List<String> domains = listDomains();
        return new DomainNotFoundException(
                domain,
                "Domain '" + domain + "' does not exist in " + storage.describe() + ". "
                        + (domains.isEmpty()
                                ? "The store has no domains yet: upload a model first."
                                : "Known domains: " + String.join(", ", domains) + "."));
    }
}

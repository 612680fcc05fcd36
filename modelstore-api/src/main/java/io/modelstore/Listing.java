package io.modelstore;

import io.modelstore.Layout.DomainEntry;
import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;

/** Lists the store's domains and a domain's models, newest first. */
final class Listing {

    /** Order of models in a domain: newest first, ties broken by model id. */
    static final Comparator<ModelMetadata> NEWEST_FIRST =
            Comparator.comparing(ModelMetadata::created).thenComparing(ModelMetadata::modelId).reversed();

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private final Blobs blobs;
    private final Storage storage;
    private final Layout layout;
    private final StateCatalog states;

    Listing(Blobs blobs, StateCatalog states) {
        this.blobs = blobs;
        this.storage = blobs.storage();
        this.layout = blobs.layout();
        this.states = states;
    }

    /** The domains that have a latest model, sorted by name. */
    List<String> listDomains() {
        String prefix = layout.domainsPrefix();
        try (Stream<BlobInfo> listed = storage.list(prefix)) {
            return listed.map(b -> Layout.jsonName(prefix, b.key())).filter(Objects::nonNull).sorted().collect(Collectors.toList());
        }
    }

    /** The ids of all the domain's models, newest first. */
    List<String> listModels(String domain) {
        return listModels(domain, null);
    }

    /** The ids of the domain's models in {@code state} (all when null), newest first, from one listing. */
    List<String> listModels(String domain, String state) {
        Names.domain(domain);
        if (state != null) {
            states.require(Names.state(state));
        }
        Map<String, String> uploaded = new HashMap<>();
        Set<String> live = new HashSet<>();
        Set<String> inState = new HashSet<>();
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
                        } else {
                            skipOnce(blob.key(), "It is empty."); // Python writes in place: a crashed writer leaves this
                        }
                    }
                    case STATE_COPY -> {
                        if (entry.state().equals(state)) {
                            inState.add(entry.modelId());
                        }
                    }
                    case ARCHIVE -> uploaded.merge(entry.modelId(), entry.uploaded(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
        }
        if (!any && storage.stat(layout.domainKey(domain)).isEmpty()) {
            throw domainNotFound(domain);
        }
        Set<String> ids = state == null ? live : inState.stream().filter(live::contains).collect(Collectors.toSet());
        return newestFirst(domain, ids, uploaded);
    }

    private List<String> newestFirst(String domain, Set<String> ids, Map<String, String> uploaded) {
        // Group by upload second (from the keys); read metadata only where a second holds several models.
        Map<String, List<String>> bySecond = new HashMap<>();
        for (String id : ids) {
            bySecond.computeIfAbsent(uploaded.getOrDefault(id, ""), k -> new ArrayList<>()).add(id);
        }
        List<String> seconds = new ArrayList<>(bySecond.keySet());
        seconds.sort(Comparator.reverseOrder());
        List<String> result = new ArrayList<>(ids.size());
        for (String second : seconds) {
            List<String> group = bySecond.get(second);
            if (group.size() == 1 && !second.isEmpty()) {
                result.add(group.get(0));
                continue;
            }
            List<ModelMetadata> metas = new ArrayList<>();
            for (String id : group) {
                String key = layout.metadataKey(domain, id);
                try {
                    blobs.readMetadata(key).ifPresent(metas::add);
                } catch (StorageException e) {
                    skipOnce(key, e.getMessage()); // one unreadable document must not hide the domain's other models
                }
            }
            metas.sort(NEWEST_FIRST);
            metas.forEach(m -> result.add(m.modelId()));
        }
        return result;
    }

    private void skipOnce(String key, String why) {
        if (skipped.add(key)) {
            LOG.warn("Not listing the model whose metadata is {}. {} Delete or restore the file.", key, why);
        }
    }

    /** The error for a domain that does not exist, naming the ones that do. */
    DomainNotFoundException domainNotFound(String domain) {
        List<String> domains = listDomains();
        return new DomainNotFoundException(domain, "Domain '" + domain + "' does not exist in " + storage.describe() + ". "
                + (domains.isEmpty() ? "The store has no domains yet: upload a model first."
                : "Known domains: " + String.join(", ", domains) + "."));
    }
}

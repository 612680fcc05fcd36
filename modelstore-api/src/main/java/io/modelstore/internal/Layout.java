package io.modelstore.internal;

import io.modelstore.InvalidNameException;
import io.modelstore.ModelMetadata;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The keys of the Python modelstore 0.0.81 layout, below an optional root prefix. */
public final class Layout {

    static final String ROOT = "operatorai-model-store";
    static final String ARCHIVE_NAME = "artifacts.tar.gz";
    private static final DateTimeFormatter ARCHIVE_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss");
    private static final Pattern ARCHIVE_TIME_PATTERN =
            Pattern.compile("\\d{4}\\.\\d{2}\\.\\d{2}-\\d{2}\\.\\d{2}\\.\\d{2}");

    private final String base;

    public Layout(String rootPrefix) {
        String prefix = normalizePrefix(rootPrefix);
        this.base = prefix.isEmpty() ? ROOT : prefix + "/" + ROOT;
    }

    public static String normalizePrefix(String rootPrefix) {
        if (rootPrefix == null) {
            return "";
        }
        String p = rootPrefix.replaceAll("^/+|/+$", "");
        for (String segment : p.split("/", -1)) {
            if (!p.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw new InvalidNameException("Invalid root prefix '" + rootPrefix
                        + "': it has an empty, '.' or '..' segment. Use a prefix such as 'teams/fraud'.");
            }
        }
        return p;
    }

    public String base() {
        return base;
    }

    public String domainsPrefix() {
        return base + "/domains/";
    }

    public String domainKey(String domain) {
        return domainsPrefix() + domain + ".json";
    }

    public String statesPrefix() {
        return base + "/model_states/";
    }

    public String stateKey(String state) {
        return statesPrefix() + state + ".json";
    }

    public String domainPrefix(String domain) {
        return base + "/" + domain + "/";
    }

    public String versionsPrefix(String domain, String state) {
        return domainPrefix(domain) + "versions/" + (state == null ? "" : state + "/");
    }

    public String metadataKey(String domain, String modelId) {
        return versionsPrefix(domain, null) + modelId + ".json";
    }

    public String stateCopyKey(String domain, String state, String modelId) {
        return versionsPrefix(domain, state) + modelId + ".json";
    }

    public String archiveKey(String domain, Instant uploaded, ZoneId zone, String modelId) {
        return domainPrefix(domain) + ARCHIVE_TIME.format(uploaded.atZone(zone)) + "/" + modelId + "/" + ARCHIVE_NAME;
    }

    /**
     * The archive's key in this store, from the location recorded in its metadata ({@code storage.path} or
     * {@code storage.prefix}), which may name another root: only its {@code <domain>/<time>/<id>/artifacts.tar.gz}
     * tail is trusted. Null when the location does not end that way.
     */
    String archiveKeyFromStoredLocation(String domain, String modelId, String storedLocation) {
        String tail = "/" + modelId + "/" + ARCHIVE_NAME;
        String location = "/" + storedLocation.replace('\\', '/');
        if (!location.endsWith(tail)) {
            return null;
        }
        String head = location.substring(0, location.length() - tail.length());
        int slash = head.lastIndexOf('/');
        String uploaded = head.substring(slash + 1);
        if (!ARCHIVE_TIME_PATTERN.matcher(uploaded).matches()
                || !head.substring(0, slash).endsWith("/" + domain)) {
            return null;
        }
        return domainPrefix(domain) + uploaded + "/" + modelId + "/" + ARCHIVE_NAME;
    }

    /**
     * The archive keys a model's metadata records, best first ({@code storage.prefix}, then {@code storage.path}):
     * where its upload wrote the archive. Empty when neither field names one (then only a listing finds it).
     */
    public List<String> recordedArchiveKeys(ModelMetadata meta) {
        List<String> keys = new ArrayList<>(2);
        for (String field : List.of("prefix", "path")) {
            if (meta.storage().get(field) instanceof String recorded) {
                String key = archiveKeyFromStoredLocation(meta.domain(), meta.modelId(), recorded);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** Name of a {@code <name>.json} key directly below {@code prefix}, or null. */
    public static String jsonName(String prefix, String key) {
        if (!key.startsWith(prefix) || !key.endsWith(".json")) {
            return null;
        }
        String name = key.substring(prefix.length(), key.length() - ".json".length());
        return name.isEmpty() || name.contains("/") ? null : name;
    }

    /** One key of a domain's listing, classified. */
    public record DomainEntry(Kind kind, String modelId, String state, String uploaded) {
        public enum Kind {
            METADATA,
            STATE_COPY,
            ARCHIVE
        }
    }

    /** Classifies a key found below {@link #domainPrefix(String)}; null for keys the layout does not know. */
    public DomainEntry parseDomainKey(String domain, String key) {
        String prefix = domainPrefix(domain);
        if (!key.startsWith(prefix)) {
            return null;
        }
        String[] parts = key.substring(prefix.length()).split("/", -1);
        if (parts.length == 2 && parts[0].equals("versions") && isJsonName(parts[1])) {
            return new DomainEntry(DomainEntry.Kind.METADATA, stripJson(parts[1]), null, null);
        }
        if (parts.length == 3 && parts[0].equals("versions") && isJsonName(parts[2]) && !parts[1].isEmpty()) {
            return new DomainEntry(DomainEntry.Kind.STATE_COPY, stripJson(parts[2]), parts[1], null);
        }
        if (parts.length == 3
                && parts[2].equals(ARCHIVE_NAME)
                && !parts[1].isEmpty()
                && ARCHIVE_TIME_PATTERN.matcher(parts[0]).matches()) {
            return new DomainEntry(DomainEntry.Kind.ARCHIVE, parts[1], null, parts[0]);
        }
        return null;
    }

    private static boolean isJsonName(String name) {
        return name.endsWith(".json") && name.length() > ".json".length();
    }

    private static String stripJson(String name) {
        return name.substring(0, name.length() - ".json".length());
    }
}

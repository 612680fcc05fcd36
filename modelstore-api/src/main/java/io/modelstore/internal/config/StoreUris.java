package io.modelstore.internal.config;

import io.modelstore.Backends;
import io.modelstore.SecretSettings;
import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Store URIs ({@code <scheme>://<location>/<path>?<setting>=<value>} or a plain directory path): the backend one
 * names and the settings it gives, and the URI as a message may show it. Nothing in a URI that could be a secret is
 * read or shown.
 */
final class StoreUris {

    private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*|^\\\\\\\\.*");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    /** A scheme, its ':' and any slashes, at the start. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):/*");
    /** A URI's authority, after its scheme. */
    private static final Pattern AUTHORITY = Pattern.compile("[^/?#]*");
    /** The scheme of a plain directory path: the embedded default, the local file system. */
    private static final String PATH_SCHEME = "file";

    private StoreUris() {}

    /** A URI's backend and settings, not checked yet. */
    record Draft(StorageProvider provider, Map<String, String> settings, String source) {}

    /** A store URI's backend and the settings it gives; malformed URIs and any secret in one are refused. */
    static Draft parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ModelStoreException("The store URI is empty. Use one such as file:///srv/models, "
                    + "s3://bucket/prefix?region=eu-central-1, gs://bucket/prefix?project=p or az://container/prefix.");
        }
        String text = uri.trim();
        Backends backends = Backends.discover();
        String shown = redact(text);
        boolean windowsPath = WINDOWS_PATH.matcher(text).matches();
        Matcher scheme = SCHEME.matcher(text);
        boolean uriLike = !windowsPath && HAS_SCHEME.matcher(text).matches();
        boolean knownScheme = !windowsPath
                && scheme.lookingAt()
                && backends.knownSchemes().contains(scheme.group(1).toLowerCase(Locale.ROOT));
        // Before anything else: java.net.URI ends user info at a '/', '?' or '#' that a secret may hold.
        if ((uriLike || knownScheme) && userInfoEnd(text) >= 0) {
            throw new ModelStoreException("The store URI '" + shown + "' holds credentials before '@': secrets are "
                    + "never read from a URI. Remove them and provide credentials through the environment (such as "
                    + "AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY, AZURE_STORAGE_CONNECTION_STRING) or the SDK's own chain.");
        }
        if (uriLike) {
            return parseSchemeUri(text, shown, backends);
        }
        if (knownScheme) {
            // Not a directory: taken as one, the whole text (and any secret in it) would end up in the path.
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            String rest = text.substring(scheme.end()).replaceFirst("^/+", "");
            String meant = name + "://" + (name.equals(PATH_SCHEME) ? "/" : "") + rest;
            throw new ModelStoreException("The store URI '" + shown + "' is malformed: '" + scheme.group(1)
                    + ":' must be " + "followed by '//'. Did you mean " + redact(meant)
                    + "? (For a directory of that name, start it with ./)");
        }
        // A directory path, whose ?query gives settings as a URI's does (so that ?create=true works on both).
        int q = text.indexOf('?');
        Map<String, String> query = query(q < 0 ? null : text.substring(q + 1));
        StorageProvider provider = backends.providerForScheme(PATH_SCHEME, shown);
        refuseSecrets(provider, query, shown);
        StoreUri parts = new StoreUri(PATH_SCHEME, "", q < 0 ? text : text.substring(0, q), query);
        return new Draft(provider, provider.fromUri(parts), "URI " + shown);
    }

    private static Draft parseSchemeUri(String text, String shown, Backends backends) {
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw new ModelStoreException("Invalid store URI '" + shown + "': " + e.getReason()
                    + ". Use one such as s3://bucket/prefix?region=eu-central-1.");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        StorageProvider provider = backends.providerForScheme(scheme, shown);
        Map<String, String> query = query(parsed.getRawQuery());
        refuseSecrets(provider, query, shown);
        String location = parsed.getRawAuthority() == null ? "" : decode(parsed.getRawAuthority());
        StoreUri parts = new StoreUri(scheme, location, parsed.getPath(), query);
        return new Draft(provider, provider.fromUri(parts), "URI " + shown);
    }

    private static void refuseSecrets(StorageProvider provider, Map<String, String> query, String shown) {
        for (String name : query.keySet()) {
            if (SecretSettings.isSecret(provider, name)) {
                throw new ModelStoreException("The store URI '" + shown + "' has the parameter '" + name
                        + "': secrets are never read from a URI. Remove it and provide it through the environment or "
                        + "properties.");
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // a&&b or a trailing &
            }
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "true" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The URI without anything that could be a secret: user info (everything between the scheme and the '@' that
     * ends it, wherever java.net.URI would end it) and the query's values; a directory path keeps all but its
     * query's values.
     */
    static String redact(String uri) {
        String text = uri;
        Matcher scheme = SCHEME.matcher(uri);
        int at = userInfoEnd(uri);
        if (!WINDOWS_PATH.matcher(uri).matches() && scheme.lookingAt() && at >= scheme.end()) {
            text = uri.substring(0, scheme.end()) + "****@" + uri.substring(uri.startsWith("@", at) ? at + 1 : at + 3);
        }
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query) + "?****"; // a secret may be a name, a value, or hold '&
    }

    /**
     * Where a URI's user info ends: its last '@' (a secret may hold the '/', '?' or '#' that would end it early for
     * java.net.URI), else a percent-encoded one ({@code %40}) in the authority, which is decoded into the location;
     * -1 for none.
     */
    private static int userInfoEnd(String uri) {
        int at = uri.lastIndexOf('@');
        Matcher scheme = SCHEME.matcher(uri);
        if (at >= 0 || !scheme.lookingAt()) {
            return at;
        }
        Matcher authority = AUTHORITY.matcher(uri).region(scheme.end(), uri.length());
        int encoded = authority.lookingAt()
                ? authority.group().toLowerCase(Locale.ROOT).lastIndexOf("%40")
                : -1;
        return encoded < 0 ? -1 : scheme.end() + encoded;
    }
}

package io.modelstore.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A store URI taken apart, as a {@link StorageProvider} receives it to turn it into settings:
 * {@code scheme://location/path?key=value&...}, every part decoded.
 *
 * @param scheme   the scheme in lower case, such as {@code s3}
 * @param location the authority ({@code bucket}, {@code host:9000}), {@code ""} when there is none
 * @param path     the path as given, with its leading {@code /}, {@code ""} when there is none
 * @param query    the query's parameters in their order; a parameter without {@code =} has the value {@code true}
 */
public record StoreUri(String scheme, String location, String path, Map<String, String> query) {

    public StoreUri {
        Objects.requireNonNull(scheme, "scheme");
        location = location == null ? "" : location;
        path = path == null ? "" : path;
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** The path without its leading and trailing {@code /}: the root prefix, in the usual mapping. */
    public String prefix() {
        return path.replaceAll("^/+|/+$", "");
    }

    /**
     * The usual mapping: the query's parameters, the location as the setting {@code locationSetting} (when there is
     * one), and the path as the root prefix (unless the query gives {@value Setting#ROOT_PREFIX}).
     */
    public Map<String, String> settings(String locationSetting) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!location.isEmpty()) {
            settings.put(locationSetting, location);
        }
        settings.putAll(query);
        settings.putIfAbsent(Setting.ROOT_PREFIX, prefix());
        return settings;
    }
}

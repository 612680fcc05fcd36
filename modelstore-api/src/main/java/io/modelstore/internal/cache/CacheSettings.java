package io.modelstore.internal.cache;

import io.modelstore.spi.ModelStoreException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a store's model cache is and how many bytes it may hold, as a configuration gives them. */
public record CacheSettings(Path directory, long maxBytes) {

    public static final String DIR_VARIABLE = "MODEL_STORE_CACHE_DIR";
    public static final String MAX_BYTES_VARIABLE = "MODEL_STORE_CACHE_MAX_BYTES";
    public static final String DIR_PROPERTY = "modelstore.cache.dir";
    public static final String MAX_BYTES_PROPERTY = "modelstore.cache.max-bytes";
    private static final Pattern BYTES = Pattern.compile("(\\d{1,18})\\s*([KMGT]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);

    public CacheSettings {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("The model cache's maxBytes must be positive, not " + maxBytes
                    + ": give the bytes it may hold, such as 10L << 30 for 10 GiB.");
        }
    }

    /** The settings named {@code dirName} and {@code maxBytesName} in {@code source}; empty when neither is set. */
    public static Optional<CacheSettings> read(Map<String, String> source, String dirName, String maxBytesName) {
        String dir = source.get(dirName);
        String maxBytes = source.get(maxBytesName);
        boolean noDir = dir == null || dir.isBlank();
        boolean noMax = maxBytes == null || maxBytes.isBlank();
        if (noDir && noMax) {
            return Optional.empty();
        }
        if (noDir || noMax) {
            throw new ModelStoreException(
                    (noDir ? maxBytesName + " is set but " + dirName : dirName + " is set but " + maxBytesName)
                            + " is not: the model cache needs both, its directory and the bytes it may hold (such "
                            + "as 10G). Set " + (noDir ? dirName : maxBytesName) + ", or unset "
                            + (noDir ? maxBytesName : dirName) + ".");
        }
        return Optional.of(new CacheSettings(Path.of(dir.trim()), bytes(maxBytes, maxBytesName)));
    }

    /** A number of bytes, with an optional K, M, G or T (powers of 1024). */
    public static long bytes(String text, String name) {
        Matcher m = BYTES.matcher(text.trim());
        long value = -1;
        if (m.matches()) {
            int shift = 10 * "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 10;
            long number = Long.parseLong(m.group(1));
            value = m.group(2).isEmpty() ? number : number > (Long.MAX_VALUE >> shift) ? -1 : number << shift;
        }
        if (value <= 0) {
            throw new ModelStoreException(
                    name + " is '" + text + "': give the bytes the model cache may hold, a positive "
                            + "number such as 10737418240, or with K, M, G or T (powers of 1024) such as 10G.");
        }
        return value;
    }
}

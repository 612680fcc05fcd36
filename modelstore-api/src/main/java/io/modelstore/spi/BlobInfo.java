package io.modelstore.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a storage knows of one blob without reading it.
 *
 * @param key          the blob's full key
 * @param size         its length in bytes
 * @param lastModified when it was last written
 * @param version      an opaque token that changes whenever the blob is replaced (ETag, generation, ...),
 *                     used with {@link WriteCondition#ifMatch(String)}
 */
public record BlobInfo(String key, long size, Instant lastModified, String version) {
    public BlobInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(version, "version");
    }
}

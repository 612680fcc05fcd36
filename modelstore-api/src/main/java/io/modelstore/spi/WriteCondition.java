package io.modelstore.spi;

import java.util.Objects;

/**
 * When a {@link Storage#write} may take place: always, only if no blob exists (create-new, S3 and Azure
 * {@code If-None-Match: *}, GCS {@code ifGenerationMatch=0}), or only if the blob is still at a version seen
 * earlier (compare-and-swap, {@code If-Match}).
 */
public final class WriteCondition {

    private static final WriteCondition ALWAYS = new WriteCondition(null, false);
    private static final WriteCondition IF_ABSENT = new WriteCondition(null, true);

    private final String expectedVersion;
    private final boolean ifAbsent;

    private WriteCondition(String expectedVersion, boolean ifAbsent) {
        this.expectedVersion = expectedVersion;
        this.ifAbsent = ifAbsent;
    }

    /** Write unconditionally, replacing whatever is there. */
    public static WriteCondition always() {
        return ALWAYS;
    }

    /** Write only if there is no blob at the key. */
    public static WriteCondition ifAbsent() {
        return IF_ABSENT;
    }

    /** Write only if the blob at the key still has this {@link BlobInfo#version()}. */
    public static WriteCondition ifMatch(String version) {
        return new WriteCondition(Objects.requireNonNull(version, "version"), false);
    }

    public boolean isIfAbsent() {
        return ifAbsent;
    }

    /** The version that must match, or {@code null} when this is not an if-match condition. */
    public String expectedVersion() {
        return expectedVersion;
    }

    public boolean isAlways() {
        return !ifAbsent && expectedVersion == null;
    }

    @Override
    public String toString() {
        return ifAbsent ? "if-absent" : expectedVersion == null ? "always" : "if-match " + expectedVersion;
    }
}

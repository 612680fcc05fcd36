package io.modelstore.internal.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 (hex) and size of an archive, and how many bytes its files take once extracted. */
public record ArchiveDigest(String sha256, long size, long expandedSize) {

    /** The digest whose SHA-256 is what {@code sha256} has been fed. */
    static ArchiveDigest of(MessageDigest sha256, long size, long expandedSize) {
        return new ArchiveDigest(HexFormat.of().formatHex(sha256.digest()), size, expandedSize);
    }

    /** A new SHA-256, the hash of every archive and cached file. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}

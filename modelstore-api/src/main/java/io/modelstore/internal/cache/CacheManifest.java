package io.modelstore.internal.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.modelstore.internal.Json;
import io.modelstore.internal.archive.ArchiveDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a cache entry's {@code files/} held when it was filled: every path with its kind, a file's size and SHA-256, a
 * link's target. The digest is the truth; each file's identity (inode, change and modification times) is recorded
 * too, so that a use can tell cheaply that nothing touched a file since it was hashed. A file whose identity changed
 * is hashed again: a copied or restored cache that still holds the same bytes is still good.
 *
 * @param entries by path relative to {@code files/}, with {@code /} between names, in walk order
 */
public record CacheManifest(int version, List<Entry> entries) {

    static final int VERSION = 1;
    private static final int BUFFER = 1 << 16;

    /** A path of the entry: a {@code dir}, a {@code file} (size, sha256) or a {@code link} (target). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String path, String kind, Long size, String sha256, String target, Identity identity) {}

    /** What changes whenever a file is written, replaced or has its attributes changed; null where the OS does not say. */
    record Identity(long inode, long changedNanos, long modifiedNanos) {}

    /** The result of a check: what differs (empty when nothing does), and whether an identity changed with the bytes intact. */
    record Check(Optional<String> damage, boolean identitiesChanged) {}

    /** Hashes every file below {@code files} and records it. */
    static CacheManifest record(Path files) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Path> child : walk(files).entrySet()) {
            entries.add(describe(child.getKey(), child.getValue(), null));
        }
        return new CacheManifest(VERSION, List.copyOf(entries));
    }

    /**
     * Compares the tree below {@code files} with this manifest: the same paths, kinds, sizes and link targets, and
     * each file either untouched since it was recorded (its identity) or holding the recorded bytes.
     */
    Check check(Path files) throws IOException {
        Map<String, Path> found = walk(files);
        Map<String, Entry> expected = byPath();
        for (String path : found.keySet()) {
            if (!expected.containsKey(path)) {
                return damaged("'" + path + "' was added");
            }
        }
        boolean identitiesChanged = false;
        for (Entry entry : entries) {
            Path path = found.get(entry.path());
            if (path == null) {
                return damaged("'" + entry.path() + "' is missing");
            }
            Entry now;
            try {
                now = describe(entry.path(), path, entry);
            } catch (NoSuchFileException e) {
                return damaged("'" + entry.path() + "' is missing");
            }
            if (!now.kind().equals(entry.kind())) {
                return damaged("'" + entry.path() + "' was a " + entry.kind() + " and is now a " + now.kind());
            }
            if (!Objects.equals(now.target(), entry.target())) {
                return damaged("the link '" + entry.path() + "' pointed to '" + entry.target() + "' and now points to '"
                        + now.target() + "'");
            }
            if (!Objects.equals(now.size(), entry.size())) {
                return damaged("'" + entry.path() + "' had " + entry.size() + " bytes and now has " + now.size());
            }
            if (!Objects.equals(now.sha256(), entry.sha256())) {
                return damaged("the bytes of '" + entry.path() + "' changed (SHA-256 " + now.sha256() + ", recorded "
                        + entry.sha256() + ")");
            }
            identitiesChanged |= !Objects.equals(now.identity(), entry.identity());
        }
        return new Check(Optional.empty(), identitiesChanged);
    }

    /** This manifest with the identities the files have now; only for a tree that {@link #check} found intact. */
    CacheManifest withIdentitiesOf(Path files) throws IOException {
        List<Entry> updated = new ArrayList<>();
        for (Entry entry : entries) {
            Identity identity = "file".equals(entry.kind()) ? identity(files.resolve(entry.path())) : null;
            updated.add(new Entry(entry.path(), entry.kind(), entry.size(), entry.sha256(), entry.target(), identity));
        }
        return new CacheManifest(version, List.copyOf(updated));
    }

    String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A cache manifest is always JSON", e);
        }
    }

    /** The manifest in {@code json}; empty when it is not one this version reads. */
    static Optional<CacheManifest> fromJson(String json) {
        try {
            CacheManifest manifest = Json.MAPPER.readValue(json, CacheManifest.class);
            return manifest.version() == VERSION && manifest.entries() != null
                    ? Optional.of(manifest)
                    : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private Map<String, Entry> byPath() {
        Map<String, Entry> byPath = new LinkedHashMap<>();
        entries.forEach(e -> byPath.put(e.path(), e));
        return byPath;
    }

    private static Check damaged(String what) {
        return new Check(Optional.of(what), false);
    }

    /**
     * The entry for {@code file} as it is now. Given what was {@code recorded}, a file whose identity has not changed
     * keeps the recorded digest, without reading it.
     */
    private static Entry describe(String relative, Path file, Entry recorded) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return new Entry(
                    relative, "link", null, null, Files.readSymbolicLink(file).toString(), null);
        }
        if (attributes.isDirectory()) {
            return new Entry(relative, "dir", null, null, null, null);
        }
        if (!attributes.isRegularFile()) {
            return new Entry(relative, "special file", null, null, null, null);
        }
        Identity identity = identity(file);
        boolean untouched = recorded != null
                && identity != null
                && identity.equals(recorded.identity())
                && Objects.equals(recorded.size(), attributes.size());
        String sha256 = untouched ? recorded.sha256() : sha256(file);
        return new Entry(relative, "file", attributes.size(), sha256, null, identity);
    }

    /** The file's inode and change time where the OS reports them (the "unix" view), else null: then it is always hashed. */
    private static Identity identity(Path file) throws IOException {
        try {
            Map<String, Object> unix =
                    Files.readAttributes(file, "unix:ino,ctime,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            return new Identity(
                    ((Number) unix.get("ino")).longValue(),
                    nanos(unix.get("ctime")),
                    nanos(unix.get("lastModifiedTime")));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = ArchiveDigest.newSha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Every path below {@code root} (not itself), links not followed, by relative path with {@code /}. */
    private static Map<String, Path> walk(Path root) throws IOException {
        Map<String, Path> paths = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> !p.equals(root)).sorted().forEach(p -> {
                StringBuilder relative = new StringBuilder();
                for (Path part : root.relativize(p)) {
                    relative.append(relative.length() == 0 ? "" : "/").append(part);
                }
                paths.put(relative.toString(), p);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return paths;
    }
}

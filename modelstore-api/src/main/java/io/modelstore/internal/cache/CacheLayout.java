package io.modelstore.internal.cache;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where things are in a cache directory. An entry {@code entries/<domain>/<id>/} holds {@code files/} (the model's
 * files), {@code manifest.json} (what they were when filled: {@link CacheManifest}) and {@code metadata.json}; it is made whole in {@code filling/<domain>/<id>/} and moved in with one rename.
 * {@code locks/<domain>/<id>.lock} is locked shared by readers and exclusively to fill or evict; the modification time
 * of {@code locks/<domain>/<id>.used} is the entry's last use (not the lock's: setting a file's time opens and closes
 * it, and on POSIX closing a file drops the process's locks on it). Lock files stay: deleting one while another
 * process waits on it would split the lock.
 */
public record CacheLayout(Path root) {

    static final String FILES = "files";
    static final String METADATA = "metadata.json";
    static final String MANIFEST = "manifest.json";

    Path entries() {
        return root.resolve("entries");
    }

    Path domainEntries(String domain) {
        return entries().resolve(encode(domain));
    }

    Path entry(String domain, String modelId) {
        return domainEntries(domain).resolve(encode(modelId));
    }

    /** The entry's lock file, for an entry path below {@link #entries()}. */
    Path lock(Path entry) {
        return besideLock(entry, ".lock");
    }

    /** The file whose modification time is the entry's last use. */
    Path lastUse(Path entry) {
        return besideLock(entry, ".used");
    }

    private Path besideLock(Path entry, String suffix) {
        Path relative = entries().relativize(entry);
        return root.resolve("locks").resolve(relative.getParent()).resolve(relative.getFileName() + suffix);
    }

    /** Where the entry is filled: only ever used under the entry's exclusive lock. */
    Path filling(Path entry) {
        return root.resolve("filling").resolve(entries().relativize(entry));
    }

    /** Where evicted entries go (with one rename, so no reader sees half of one) before they are deleted. */
    Path evicted() {
        return root.resolve("evicted");
    }

    /** A domain or id as one file name, whatever characters it holds. */
    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A");
    }

    static String decode(String fileName) {
        return URLDecoder.decode(fileName, StandardCharsets.UTF_8);
    }
}

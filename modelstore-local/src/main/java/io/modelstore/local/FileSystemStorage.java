package io.modelstore.local;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Blobs as files below a root directory, keys as relative paths.
 *
 * <p>Every write goes to a temporary file in {@code <root>/.modelstore-tmp} and is then moved into place
 * atomically, so readers never see a partial file. The move of a conditional write is checked and made under
 * a lock held across threads (a JVM lock) and processes (a file lock on {@code .modelstore-tmp/lock}), which
 * gives create-new and compare-and-swap semantics to every writer using this class. Nothing absolute is kept
 * in keys, so a store still works after its directory is moved.
 */
public final class FileSystemStorage implements Storage {

    static final String TEMP_DIR = ".modelstore-tmp";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path tempDir;
    private final ReentrantLock jvmLock;

    /**
     * Opens the store directory {@code root}.
     *
     * @param root   the store's directory, relative to the working directory or absolute
     * @param create create the directory (and its parents) when it does not exist
     * @throws StorageException when it does not exist and {@code create} is false, or is not a directory
     */
    public FileSystemStorage(Path root, boolean create) {
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            if (!create) {
                throw new StorageException(
                        Reason.CONTAINER_NOT_FOUND,
                        "The model store directory " + absolute
                                + " does not exist. Create it, or let the store create it (the setting create=true, or ?create=true after the store URI or path).",
                        "root",
                        null);
            }
            try {
                Files.createDirectories(absolute);
            } catch (IOException e) {
                throw new StorageException(
                        e instanceof AccessDeniedException ? Reason.ACCESS_DENIED : Reason.LOCAL_IO,
                        "Cannot create the model store directory " + absolute + ": " + e
                                + ". Check the permissions of its parent directory.",
                        "root",
                        e);
            }
        }
        if (!Files.isDirectory(absolute)) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The model store path " + absolute + " is not a directory. Give the path of a directory.",
                    "root",
                    null);
        }
        this.root = absolute;
        this.tempDir = absolute.resolve(TEMP_DIR);
        Path lockKey;
        try {
            lockKey = absolute.toRealPath();
        } catch (IOException e) {
            lockKey = absolute;
        }
        this.jvmLock = JVM_LOCKS.computeIfAbsent(lockKey, k -> new ReentrantLock());
    }

    /**
     * The store's root directory.
     *
     * @return the directory's absolute, normalized path
     */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "file system at " + root;
    }

    @Override
    public Map<String, Object> location(String key) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("type", "file_system");
        location.put("root", root.toString());
        location.put("path", path(key).toString());
        return location;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return stat(key, path(key));
    }

    private Optional<BlobInfo> stat(String key, Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(
                    new BlobInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), version(attrs)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read the attributes of", key, file, e);
        }
    }

    /** Changes with every replacement: each write moves a new file (a new inode) into place. */
    private static String version(BasicFileAttributes attrs) {
        return attrs.fileKey() + "@" + attrs.lastModifiedTime().toInstant() + "#" + attrs.size();
    }

    @Override
    public InputStream read(String key) {
        return read(key, 0);
    }

    @Override
    public InputStream read(String key, long offset) {
        Path file = path(key);
        try {
            if (Files.isDirectory(file)) {
                throw new BlobNotFoundException(key);
            }
            return Channels.newInputStream(
                    FileChannel.open(file, StandardOpenOption.READ).position(offset));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        } catch (IOException e) {
            throw failure("read", key, file, e);
        }
    }

    @Override
    public boolean write(String key, Path source, WriteCondition condition) {
        // Into the file newTempFile made: Files.copy would recreate it with the source's mode (often 0600).
        try (FileBlobOutput out = new FileBlobOutput(this, key, condition)) {
            out.copyFrom(source);
            return out.commit();
        }
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        try (FileBlobOutput out = new FileBlobOutput(this, key, condition)) {
            out.write(content);
            return out.commit();
        }
    }

    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new FileBlobOutput(this, key, condition);
    }

    /** Moves the flushed temporary file to the key's path if the condition holds, under the store's lock. */
    boolean commit(String key, Path temp, WriteCondition condition) throws IOException {
        Path target = path(key);
        return locked(() -> {
            Optional<BlobInfo> current = stat(key, target);
            if (condition.isIfAbsent() && current.isPresent()) {
                return false;
            }
            if (condition.expectedVersion() != null
                    && (current.isEmpty() || !current.get().version().equals(condition.expectedVersion()))) {
                return false;
            }
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        });
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        int slash = prefix.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : prefix.substring(0, slash);
        Path dir = dirKey.isEmpty() ? root : path(dirKey);
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        List<BlobInfo> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.equals(tempDir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        String key = key(file);
                        if (key.startsWith(prefix)) {
                            found.add(new BlobInfo(
                                    key, attrs.size(), attrs.lastModifiedTime().toInstant(), version(attrs)));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted while we listed
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw failure("list", prefix, dir, e);
        }
        // Keys in ascending order, as object stores list them.
        found.sort((a, b) -> a.key().compareTo(b.key()));
        return found.stream();
    }

    @Override
    public boolean delete(String key) {
        Path file = path(key);
        try {
            return locked(() -> {
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || !Files.deleteIfExists(file)) {
                    return false;
                }
                pruneEmptyParents(file.getParent());
                return true;
            });
        } catch (IOException e) {
            throw failure("delete", key, file, e);
        }
    }

    /** Removes directories left empty by a delete, up to the root; under the lock, so no writer is filling them. */
    private void pruneEmptyParents(Path dir) {
        while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                return; // not empty, or gone
            }
            dir = dir.getParent();
        }
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    private <T> T locked(IoAction<T> action) throws IOException {
        jvmLock.lock();
        try {
            Files.createDirectories(tempDir);
            try (FileChannel channel = FileChannel.open(
                            tempDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.run();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * A new empty file with the mode the process's umask gives, as Python's files get (0644 under umask 022), so that
     * other users can read the store: {@code Files.createTempFile} would force 0600.
     */
    Path newTempFile(String key) {
        try {
            Files.createDirectories(tempDir);
            return Files.createFile(tempDir.resolve("blob-" + UUID.randomUUID() + ".tmp"));
        } catch (IOException e) {
            throw failure("write", key, tempDir, e);
        }
    }

    static void deleteTemp(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The temporary files of writes that a crash interrupted: every file in {@value #TEMP_DIR} but the lock. */
    @Override
    public List<String> leftovers(String prefix, Instant before) {
        return unfinished(before).stream()
                .map(f -> "the temporary file " + f + " of a write that never finished")
                .toList();
    }

    @Override
    public void removeLeftovers(String prefix, Instant before) {
        for (Path file : unfinished(before)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw failure("remove the temporary file", file.getFileName().toString(), file, e);
            }
        }
    }

    private List<Path> unfinished(Instant before) {
        if (!Files.isDirectory(tempDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.filter(f -> !f.getFileName().toString().equals("lock")
                            && Files.isRegularFile(f)
                            && modified(f).isBefore(before))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw failure("list", TEMP_DIR, tempDir, e);
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MAX; // gone meanwhile: not a leftover
        }
    }

    /** The file of a key; keys with empty, {@code .} or {@code ..} segments are refused so none leaves the root. */
    Path path(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException(
                    "Invalid storage key '" + key + "': keys are relative, '/'-separated " + "and do not end with '/'");
        }
        Path path = root;
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "Invalid storage key '" + key + "': it has an empty, '.' or '..' segment");
            }
            path = path.resolve(segment);
        }
        if (path.startsWith(tempDir)) {
            throw new IllegalArgumentException("Invalid storage key '" + key + "': " + TEMP_DIR + " is reserved");
        }
        return path;
    }

    private String key(Path file) {
        StringBuilder key = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    StorageException failure(String action, String key, Path file, IOException e) {
        if (isNameTooLong(e)) {
            return new StorageException(
                    Reason.LOCAL_IO,
                    "Cannot " + action + " '" + key + "' (" + file + "): a name in it "
                            + "is too long for the file system at " + root
                            + " (most allow 255 bytes per name and 4096 per path). "
                            + "Use a shorter domain, model id or state name, or a shorter root directory.",
                    e);
        }
        String hint = e instanceof AccessDeniedException
                ? "Check the permissions of " + file + "."
                : "Check that " + file.getRoot() + " is mounted and has free space.";
        return new StorageException(
                e instanceof AccessDeniedException ? Reason.ACCESS_DENIED : Reason.LOCAL_IO,
                "Cannot " + action + " '" + key + "' (" + file + "): " + e + ". " + hint,
                e);
    }

    /** ENAMETOOLONG: the JDK reports it as a plain FileSystemException with the system's text. */
    private static boolean isNameTooLong(IOException e) {
        return e instanceof FileSystemException f
                && f.getReason() != null
                && f.getReason().toLowerCase(Locale.ROOT).contains("name too long");
    }

    @Override
    public String toString() {
        return "FileSystemStorage[" + root + "]";
    }
}

package io.modelstore.hdfs;

import io.modelstore.spi.BlobInfo;
import io.modelstore.spi.BlobNotFoundException;
import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.Endpoints;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.protocol.HdfsFileStatus;

/**
 * Blobs as files below a root directory of HDFS or another Hadoop-compatible file system, keys as relative paths.
 *
 * <p>What HDFS guarantees, and how each write uses it:
 * <ul>
 * <li>A write goes to a temporary file in {@code <root>/.modelstore-tmp}, is synced to the DataNodes and closed,
 *     then renamed into place. A rename is one atomic NameNode operation, so readers see the old file or the whole
 *     new one, never a part.</li>
 * <li>Create-new is that rename without overwriting: the NameNode refuses it when the target exists, so of two
 *     writers exactly one wins.</li>
 * <li>HDFS has no compare-and-swap. A conditional replace, an unconditional write and a delete of a key therefore
 *     hold the key's lock: a file in {@code .modelstore-tmp} created with {@code overwrite=false}, which only one
 *     client at a time can do. Under it the version is compared and the new file renamed over the old one
 *     ({@code Rename.OVERWRITE}, atomic). A lock older than {@value KeyLocks#STALE_LOCK_SECONDS} s is taken to be a
 *     crashed writer's and removed; a lock is held for a few NameNode calls.</li>
 * <li>A version is the file's inode id (each write renames a new file into place), with its length and
 *     modification time; on file systems without inode ids, the last two.</li>
 * </ul>
 */
public final class HdfsStorage implements Storage {

    static final String TEMP_DIR = ".modelstore-tmp";

    private final FileSystem fs;
    private final Path root;
    private final Path tempDir;
    private final String rootName;
    private final HdfsConditionalWrites writes;

    HdfsStorage(FileSystem fs, Path root) throws IOException {
        this.fs = fs;
        this.root = root;
        this.tempDir = new Path(root, TEMP_DIR);
        this.rootName = root.toUri().getPath();
        this.writes = new HdfsConditionalWrites(fs, tempDir);
    }

    /**
     * Opens the store directory {@code root} on the file system {@code fileSystem} (such as
     * {@code hdfs://namenode:8020}; null for the configuration's {@code fs.defaultFS}).
     *
     * @param fileSystem the file system's URI, or null for {@code fs.defaultFS}
     * @param root       the store's directory on it
     * @param conf       the Hadoop configuration the client is made with
     * @param create     create the directory when it does not exist (as Python's {@code create_directory})
     * @return the storage, open
     * @throws StorageException when the file system cannot be reached, or the directory does not exist and
     *                          {@code create} is false, or the file system's URI holds credentials (user info)
     */
    public static HdfsStorage open(URI fileSystem, String root, Configuration conf, boolean create) {
        if (fileSystem != null) {
            // The URI is shown in messages: Hadoop takes the user from Kerberos or HADOOP_USER_NAME, never from it.
            Endpoints.requireNoUserInfo(
                    fileSystem.toString(),
                    "The Hadoop file system URI",
                    "filesystem",
                    "through Kerberos (a keytab, or kinit) or, without security, HADOOP_USER_NAME");
        }
        String where = (fileSystem == null ? "" : fileSystem.toString()) + root;
        FileSystem fs;
        try {
            fs = fileSystem == null ? FileSystem.newInstance(conf) : FileSystem.newInstance(fileSystem, conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "Cannot open the Hadoop file system " + where + ": "
                            + e.getMessage()
                            + ". Check the URI's scheme and that its client is on the classpath (hdfs:// and "
                            + "webhdfs:// come with modelstore-hdfs).",
                    "filesystem",
                    e);
        }
        Path rootPath = fs.makeQualified(new Path(root));
        try {
            HdfsStorage storage = new HdfsStorage(fs, rootPath);
            storage.checkRoot(create);
            return storage;
        } catch (IOException | RuntimeException e) {
            try {
                fs.close();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw HdfsErrors.failure(fs, "open the model store directory", rootPath.toString(), (IOException) e);
        }
    }

    private void checkRoot(boolean create) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(root);
        } catch (FileNotFoundException e) {
            if (!create) {
                throw new StorageException(
                        Reason.CONTAINER_NOT_FOUND,
                        "The model store directory " + root
                                + " does not exist. Create it (hdfs dfs -mkdir -p " + rootName
                                + "), or let the store create it "
                                + "(the setting create=true, or ?create=true after the store URI or path).",
                        "root",
                        null);
            }
            fs.mkdirs(root);
            return;
        }
        if (!status.isDirectory()) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The model store path " + root + " is a file, not a directory. Give the path of a directory.",
                    "root",
                    null);
        }
    }

    /**
     * The store's root directory, fully qualified.
     *
     * @return the path, such as {@code hdfs://namenode:8020/models}
     */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "Hadoop file system at " + root;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** As Python's HDFS storage writes it: {@code {"type": "hdfs", "root": <root>, "path": <file>}}. */
    @Override
    public Map<String, Object> location(String key) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("type", "hdfs");
        location.put("root", rootName);
        location.put("path", path(key).toUri().getPath());
        return location;
    }

    Path path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("//") || key.endsWith("/")) {
            throw new IllegalArgumentException("Not a blob key: '" + key + "'");
        }
        for (String part : key.split("/", -1)) { // no empty part: refused above
            if (part.equals(".") || part.equals("..") || part.equals(TEMP_DIR) || part.contains(":")) {
                throw new IllegalArgumentException("The key '" + key + "' has the part '" + part
                        + "', which names no file below the store's root");
            }
        }
        return new Path(root, key);
    }

    private String key(Path file) {
        return file.toUri().getPath().substring(rootName.length() + (rootName.endsWith("/") ? 0 : 1));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Path file = path(key);
        try {
            FileStatus status = fs.getFileStatus(file);
            return status.isFile() ? Optional.of(info(key, status)) : Optional.empty();
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read the attributes of", file, e);
        }
    }

    private static BlobInfo info(String key, FileStatus status) {
        return new BlobInfo(key, status.getLen(), Instant.ofEpochMilli(status.getModificationTime()), version(status));
    }

    private static String version(FileStatus status) {
        String id = status instanceof HdfsFileStatus hdfs ? hdfs.getFileId() + "@" : "";
        return id + status.getModificationTime() + "#" + status.getLen();
    }

    @Override
    public InputStream read(String key) {
        return read(key, 0);
    }

    @Override
    public InputStream read(String key, long offset) {
        Path file = path(key);
        try {
            FSDataInputStream in = fs.open(file);
            if (offset > 0) {
                in.seek(offset);
            }
            return in;
        } catch (FileNotFoundException e) {
            throw new BlobNotFoundException(key);
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    @Override
    public boolean write(String key, java.nio.file.Path source, WriteCondition condition) {
        try (HdfsBlobOutput out = new HdfsBlobOutput(this, writes, key, condition)) {
            try {
                Files.copy(source, out);
            } catch (IOException e) {
                throw new StorageException(
                        Reason.LOCAL_IO,
                        "Cannot read " + source + " to write it to " + path(key) + ": " + e
                                + ". Check the file's permissions.",
                        e);
            }
            return out.commit();
        }
    }

    @Override
    public boolean write(String key, byte[] content, WriteCondition condition) {
        try (HdfsBlobOutput out = new HdfsBlobOutput(this, writes, key, condition)) {
            out.write(content, 0, content.length);
            return out.commit();
        }
    }

    @Override
    public BlobOutput openWrite(String key, WriteCondition condition) {
        return new HdfsBlobOutput(this, writes, key, condition);
    }

    /** Renames the closed temporary file to the key's path if the condition holds. */
    boolean commit(String key, Path temp, WriteCondition condition) throws IOException {
        return writes.commit(key, path(key), temp, condition, () -> stat(key));
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        int slash = prefix.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : prefix.substring(0, slash);
        Path dir = dirKey.isEmpty() ? root : path(dirKey);
        List<BlobInfo> found = new ArrayList<>();
        try {
            walk(dir, prefix, found);
        } catch (FileNotFoundException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw failure("list", dir, e);
        }
        return found.stream();
    }

    /**
     * Adds the files below {@code dir} whose keys start with {@code prefix}, in ascending key order: a directory's
     * entries sort as their name plus {@code /}, so that {@code a-b} comes before {@code a/b} as object stores list it.
     */
    private void walk(Path dir, String prefix, List<BlobInfo> found) throws IOException {
        List<FileStatus> entries = new ArrayList<>();
        RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
        while (it.hasNext()) {
            entries.add(it.next());
        }
        entries.sort(Comparator.comparing(s -> s.getPath().getName() + (s.isDirectory() ? "/" : "")));
        for (FileStatus entry : entries) {
            Path path = entry.getPath();
            if (path.equals(tempDir) || fs.makeQualified(path).equals(tempDir)) {
                continue;
            }
            String key = key(path);
            if (entry.isDirectory()) {
                String asDir = key + "/";
                if (asDir.startsWith(prefix) || prefix.startsWith(asDir)) {
                    try {
                        walk(path, prefix, found);
                    } catch (FileNotFoundException e) {
                        // deleted while we listed
                    }
                }
            } else if (entry.isFile() && key.startsWith(prefix)) {
                found.add(info(key, entry));
            }
        }
    }

    @Override
    public boolean delete(String key) {
        Path file = path(key);
        try {
            return writes.delete(key, file);
        } catch (IOException e) {
            throw failure("delete", file, e);
        }
    }

    /** The temporary files of writes that never finished (a crash, a killed process), and locks left by them. */
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
                fs.delete(file, false);
            } catch (IOException e) {
                throw failure("remove the temporary file", file, e);
            }
        }
    }

    private List<Path> unfinished(Instant before) {
        List<Path> found = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(tempDir)) {
                if (status.isFile() && status.getModificationTime() < before.toEpochMilli()) {
                    found.add(status.getPath());
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", tempDir, e);
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    StorageException failure(String action, Path file, IOException e) {
        return HdfsErrors.failure(fs, action, file.toString(), e);
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException e) {
            // nothing is left to release
        }
    }
}

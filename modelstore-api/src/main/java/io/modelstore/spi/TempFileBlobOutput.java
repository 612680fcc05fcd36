package io.modelstore.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default streamed write: the bytes go to a local temporary file, which {@link #commit()} hands to {@code write}. */
final class TempFileBlobOutput extends BlobOutput {

    private final Storage storage;
    private final String key;
    private final WriteCondition condition;
    private final Path file;
    private final OutputStream out;
    private boolean done;
    private long staged;

    TempFileBlobOutput(Storage storage, String key, WriteCondition condition) {
        this.storage = storage;
        this.key = key;
        this.condition = condition;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            this.file = Files.createTempFile(
                    dir, TEMPORARY_FILE_PREFIX + ProcessHandle.current().pid() + "-", ".tmp");
            this.out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new StorageException(
                    StorageException.Reason.LOCAL_IO,
                    "Cannot create a temporary file in " + dir + " to stage " + key + " for " + storage.describe()
                            + ": " + e + ". Check its free space and permissions.",
                    e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
            staged += len;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean commit() {
        try {
            out.close();
        } catch (IOException e) {
            throw failure(e);
        }
        boolean written = storage.write(key, file, condition);
        done = true;
        if (written) {
            sent(staged); // the whole file went in one request: progress at its end only
        }
        close();
        return written;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // abandoned: the file goes anyway
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            if (!done) {
                throw failure(e);
            }
        }
    }

    private StorageException failure(IOException e) {
        return new StorageException(
                StorageException.Reason.LOCAL_IO,
                "Cannot write the temporary file " + file + " that stages " + key + ": " + e
                        + ". Check the free space of " + file.getParent() + ".",
                e);
    }
}

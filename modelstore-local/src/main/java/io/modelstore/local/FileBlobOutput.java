package io.modelstore.local;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A streamed write into the store's own temporary directory: the bytes land once, in the file that the commit then
 * flushes to disk and moves into place (under the store's lock), so nothing is copied again.
 */
final class FileBlobOutput extends BlobOutput {

    private final FileSystemStorage storage;
    private final String key;
    private final WriteCondition condition;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean closed;

    FileBlobOutput(FileSystemStorage storage, String key, WriteCondition condition) {
        this.storage = storage;
        this.key = key;
        this.condition = condition;
        storage.path(key); // an invalid key is refused before anything is staged
        this.temp = storage.newTempFile(key);
        try {
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        } catch (IOException e) {
            FileSystemStorage.deleteTemp(temp);
            throw storage.failure("write", key, temp, e);
        }
        this.out = Channels.newOutputStream(channel);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
            sent(len);
        } catch (IOException e) {
            throw storage.failure("write", key, temp, e);
        }
    }

    /** Appends the whole file, copied by the kernel. */
    void copyFrom(Path source) {
        try (FileChannel in = FileChannel.open(source)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                long n = in.transferTo(done, size - done, channel);
                if (n <= 0) {
                    break; // the source shrank
                }
                done += n;
                sent(n);
            }
        } catch (IOException e) {
            throw storage.failure("write", key, source, e);
        }
    }

    @Override
    public boolean commit() {
        if (closed) {
            throw new IllegalStateException("The write of " + key + " was already committed or closed");
        }
        try {
            channel.force(true);
            channel.close();
            return storage.commit(key, temp, condition);
        } catch (IOException e) {
            throw storage.failure("write", key, storage.path(key), e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is removed below either way
        }
        FileSystemStorage.deleteTemp(temp); // gone already once moved into place
    }
}

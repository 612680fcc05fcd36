package io.modelstore.hdfs;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.WriteCondition;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * A streamed write into the store's temporary directory on HDFS: the bytes go to the DataNodes as they are written
 * (the client sends packets while the next fill), and the commit syncs and closes the file, then renames it into place.
 */
final class HdfsBlobOutput extends BlobOutput {

    private final HdfsStorage storage;
    private final HdfsConditionalWrites writes;
    private final String key;
    private final WriteCondition condition;
    private final Path temp;
    private final FSDataOutputStream out;
    private boolean closed;

    HdfsBlobOutput(HdfsStorage storage, HdfsConditionalWrites writes, String key, WriteCondition condition) {
        this.storage = storage;
        this.writes = writes;
        this.key = key;
        this.condition = condition;
        storage.path(key); // an invalid key is refused before anything is staged
        this.temp = writes.newTempPath();
        try {
            this.out = writes.createTemp(temp);
        } catch (IOException e) {
            throw storage.failure("write", storage.path(key), e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
            sent(len);
        } catch (IOException e) {
            throw storage.failure("write", storage.path(key), e);
        }
    }

    @Override
    public boolean commit() {
        if (closed) {
            throw new IllegalStateException("The write of " + key + " was already committed or closed");
        }
        try {
            out.hsync(); // on the DataNodes' disks, not only in their memory, before it becomes visible
            out.close();
            return storage.commit(key, temp, condition);
        } catch (IOException e) {
            throw storage.failure("write", storage.path(key), e);
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
            out.close();
        } catch (IOException ignored) {
            // the file is removed below either way
        }
        writes.deleteTemp(temp); // gone already once renamed into place
    }
}

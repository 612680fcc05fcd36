package io.modelstore.hdfs;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageSupport;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.AccessControlException;

/** The one place that turns Hadoop's exceptions into {@link StorageException}s with a {@link Reason} and a remedy. */
final class HdfsErrors {

    private HdfsErrors() {}

    /** A failure to {@code action} the file or directory {@code where} of {@code fs}. */
    static StorageException failure(FileSystem fs, String action, String where, IOException e) {
        Throwable cause = StorageSupport.networkCause(e);
        String endpoint = fs.getUri().toString();
        if (e instanceof AccessControlException) {
            return StorageException.because(Reason.ACCESS_DENIED)
                    .cannot(action, where)
                    .container("directory", where)
                    .detail(firstLine(e.getMessage()))
                    .hint("check the directory's owner and mode with hdfs dfs -ls, and the user this process runs as"
                            + " (HADOOP_USER_NAME, or the Kerberos principal)")
                    .cause(e)
                    .build();
        }
        if (cause != null) {
            return StorageException.because(Reason.UNREACHABLE)
                    .cannot(action, where)
                    .endpoint(endpoint)
                    .detail(cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()))
                    .hint("a NameNode that is down or a wrong host or port in the URI or fs.defaultFS")
                    .cause(e)
                    .build();
        }
        return StorageException.because(Reason.TRANSIENT)
                .cannot(action, where)
                .endpoint(endpoint)
                .detail(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()))
                .cause(e)
                .build();
    }

    // Hadoop's remote exceptions carry the server's stack trace after the first line.
    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

package io.modelstore.hdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HDFS in the test JVM: one NameNode and one DataNode of Hadoop's {@code MiniDFSCluster}, bound to 127.0.0.1,
 * in a temporary directory. Started before a test class, stopped (and its directory removed) after it.
 */
public final class MiniHdfs implements BeforeAllCallback, AfterAllCallback {

    private MiniDFSCluster cluster;
    private java.nio.file.Path baseDir;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the cluster (for callers outside JUnit, such as the benchmarks). */
    public void start() throws IOException {
        baseDir = Files.createTempDirectory("modelstore-minidfs");
        Configuration conf = new Configuration(false);
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
        // The cluster sets only the name directories; without this the edit log goes to /tmp/hadoop/dfs/name.
        conf.set("dfs.namenode.edits.dir", "${dfs.namenode.name.dir}");
        for (String address : new String[] {
            "dfs.namenode.rpc-address",
            "dfs.namenode.http-address",
            "dfs.datanode.address",
            "dfs.datanode.http.address",
            "dfs.datanode.ipc.address"
        }) {
            conf.set(address, "127.0.0.1:0");
        }
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.servicerpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
        conf.setBoolean("dfs.permissions.enabled", true);
        conf.setInt("dfs.replication", 1);
        cluster =
                new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(0).build();
        cluster.waitActive();
    }

    /** Stops the cluster and removes its directory. */
    public void stop() {
        if (cluster != null) {
            cluster.shutdown(true);
            cluster = null;
        }
        if (baseDir != null && Files.exists(baseDir)) {
            try (var walk = Files.walk(baseDir)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code hdfs://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
    }

    /** A client of the cluster as its superuser, for setting up and inspecting what a test needs. */
    public FileSystem admin() {
        try {
            return cluster.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty directory for one test's store, owned by the tests' user; its absolute path. */
    public String newRoot() {
        String root = "/stores/" + UUID.randomUUID();
        try {
            FileSystem fs = admin();
            fs.mkdirs(new Path(root));
            fs.setOwner(new Path(root), System.getenv().getOrDefault("HADOOP_USER_NAME", "modelstore"), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** A storage in a new, empty root directory, as the tests' user. */
    public HdfsStorage storage() {
        return HdfsStorage.open(uri(), newRoot(), HadoopConfigs.load(null, null), false);
    }

    /** The cluster's NameNode port, to tell "unreachable" tests which port not to use. */
    public int port() {
        return cluster.getNameNodePort();
    }
}

package io.modelstore.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.ModelStore;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.WriteCondition;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HDFS errors with their texts, and the ways to reach the backend, against a MiniDFSCluster. */
class HdfsErrorsTest {

    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Test
    void aStoreOpenedByUriWritesPythonsLocationAndReadsBack() throws Exception {
        String root = hdfs.newRoot();
        try (ModelStore store = ModelStore.fromHdfs(hdfs.uri() + root)) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("model", ".txt");
            java.nio.file.Files.writeString(file, "weights");
            var meta = store.upload(
                    io.modelstore.UploadRequest.builder("d").file(file).build());
            assertThat(meta.storage()).containsEntry("type", "hdfs").containsEntry("root", root);
            assertThat((String) meta.storage().get("path"))
                    .startsWith(root + "/operatorai-model-store/d/")
                    .endsWith("/" + meta.modelId() + "/artifacts.tar.gz");
            assertThat(hdfs.admin().exists(new Path((String) meta.storage().get("path"))))
                    .isTrue();
            assertThat(store.listModels("d")).containsExactly(meta.modelId());
        }
    }

    @Test
    void aRootThatDoesNotExistIsReportedUnlessCreateIsSet() throws Exception {
        String root = hdfs.newRoot() + "/missing";
        assertThatThrownBy(() -> ModelStore.open(hdfs.uri() + root))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND))
                .hasMessageContaining(
                        "The model store directory " + hdfs.uri() + root + " does not exist. Create it "
                                + "(hdfs dfs -mkdir -p " + root
                                + "), or let the store create it (the setting create=true, or ?create=true after the store URI or path).");
        assertThat(hdfs.admin().exists(new Path(root))).isFalse();
        ModelStore.open(hdfs.uri() + root + "?create=true").close(); // opening it creates the directory
        assertThat(hdfs.admin().getFileStatus(new Path(root)).isDirectory()).isTrue();
    }

    @Test
    void anUnreachableNameNodeIsReportedAsSuchAndQuickly() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> ModelStore.open("hdfs://127.0.0.1:" + closed + "/models"))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageStartingWith("Cannot open the model store directory hdfs://127.0.0.1:" + closed + "/models: "
                        + "cannot reach the endpoint hdfs://127.0.0.1:" + closed + " (ConnectException: ")
                .hasMessageContaining("a NameNode that is down or a wrong host or port in the URI or fs.defaultFS");
        assertThat((System.nanoTime() - start) / 1_000_000_000)
                .as("seconds, not Hadoop's ten retries")
                .isLessThan(10);
    }

    @Test
    void aDirectoryThisUserMayNotWriteIsAccessDenied() throws Exception {
        String root = hdfs.newRoot();
        FileSystem admin = hdfs.admin();
        admin.setPermission(new Path(root), new FsPermission((short) 0755));
        UserGroupInformation alice = UserGroupInformation.createUserForTesting("alice", new String[] {"analysts"});
        HdfsStorage storage = alice.doAs((PrivilegedExceptionAction<HdfsStorage>)
                () -> HdfsStorage.open(hdfs.uri(), root, HadoopConfigs.load(null, null), false));
        try (storage) {
            assertThatThrownBy(() ->
                            storage.write("k.bin", "x".getBytes(StandardCharsets.UTF_8), WriteCondition.ifAbsent()))
                    .isInstanceOf(StorageException.class)
                    .satisfies(e -> assertThat(((StorageException) e).reason()).isEqualTo(Reason.ACCESS_DENIED))
                    .hasMessageContaining("Cannot write " + hdfs.uri() + root + "/k.bin: access to directory ")
                    .hasMessageContaining("Permission denied: user=alice, access=WRITE")
                    .hasMessageContaining("check the directory's owner and mode with hdfs dfs -ls");
            assertThat(storage.stat("k.bin")).isEmpty();
        }
    }

    @Test
    void aUriOfAnotherSchemeOrWithoutRootIsRefusedBeforeAnythingIsSent() {
        HdfsStorageProvider provider = new HdfsStorageProvider();
        assertThatThrownBy(() -> provider.create(java.util.Map.of("root", "/m", "filesystem", "nosuch://x:1")))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).reason()).isEqualTo(Reason.INVALID_SETTINGS))
                .hasMessageStartingWith("Cannot open the Hadoop file system nosuch://x:1/m: ")
                .hasMessageContaining("Check the URI's scheme and that its client is on the classpath");
        assertThatThrownBy(() -> provider.create(
                        java.util.Map.of("filesystem", hdfs.uri().toString())))
                .hasMessage("The hdfs backend needs the 'root' setting: the directory of the store, such as /models.");
        assertThatThrownBy(() -> provider.create(java.util.Map.of("root", "/m", "conf", "dfs.replication")))
                .hasMessage("The Hadoop setting 'dfs.replication' in conf is not key=value. Give conf as "
                        + "key=value,key=value, such as dfs.replication=2.");
    }

    @Test
    void theDescriptionNamesTheFileSystemAndRoot() {
        try (HdfsStorage storage = hdfs.storage()) {
            assertThat(storage.describe())
                    .isEqualTo("Hadoop file system at " + storage.root())
                    .startsWith("Hadoop file system at " + URI.create(hdfs.uri() + "/stores/"));
        }
    }
}

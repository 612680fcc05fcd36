package io.modelstore.azure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Azurite's blob service (npm, installed by the build from the committed package-lock.json), started as a process
 * on a free 127.0.0.1 port before a test class and stopped after it.
 */
public final class AzuriteServer implements BeforeAllCallback, AfterAllCallback {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's published development key: not a secret, but handled as one. */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** The listing page size of the tests' storages: far below the service's 5,000, so that listings cross pages. */
    public static final int LIST_PAGE_SIZE = 400;

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Path location;
    private Process process;
    private int port;

    /** Blobs held in Azurite's memory. */
    public AzuriteServer() {
        this(null);
    }

    /** Blobs kept on disk in {@code location} (for large ones). */
    public AzuriteServer(Path location) {
        this.location = location;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // From this module, or from a sibling module of the reactor (the examples' tests).
        Path azurite = Path.of("azurite/node_modules/.bin/azurite-blob").toAbsolutePath();
        for (String sibling : List.of("../modelstore-azure/", "modelstore-azure/")) {
            if (!Files.isExecutable(azurite)) {
                azurite = Path.of(sibling + "azurite/node_modules/.bin/azurite-blob")
                        .toAbsolutePath()
                        .normalize();
            }
        }
        if (!Files.isExecutable(azurite)) {
            throw new IllegalStateException(azurite + " is missing: the build installs it with 'npm ci' in "
                    + azurite.getParent().getParent().getParent() + " (run mvn from the repository root)");
        }
        port = freePort();
        List<String> command = new java.util.ArrayList<>(List.of(
                azurite.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                String.valueOf(port),
                "--skipApiVersionCheck",
                "--disableTelemetry",
                "--silent"));
        if (location == null) {
            command.add("--inMemoryPersistence");
        } else {
            command.addAll(List.of("--location", location.toString()));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with code " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("Azurite did not listen on 127.0.0.1:" + port + " within 60 s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    /** Creates a new empty container and returns its name. */
    public String newContainer() {
        String name =
                "container-" + CONTAINERS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        new com.azure.storage.blob.BlobServiceClientBuilder()
                .connectionString(connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient()
                .createBlobContainer(name);
        return name;
    }

    public AzureBlobStorage.Builder storage(String container) {
        // Small pages, so that every listing of a test (1,050 keys in the storage contract's) crosses several.
        return AzureBlobStorage.builder()
                .container(container)
                .connectionString(connectionString())
                .blockSize(4L << 20)
                .listPageSize(LIST_PAGE_SIZE);
    }

    public AzureBlobStorage newStorage() {
        return storage(newContainer()).build();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

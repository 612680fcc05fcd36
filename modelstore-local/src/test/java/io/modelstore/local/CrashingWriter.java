package io.modelstore.local;

import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link ProcessKillTest}: uploads models to a file-system store and deletes some, printing
 * each operation once it has returned, until it is killed.
 */
public final class CrashingWriter {

    private CrashingWriter() {}

    /** The content of a model, from its id, so that the parent can check what it downloads. */
    static byte[] content(String id) {
        return (id + "\n").repeat(1 + Math.floorMod(id.hashCode(), 5000)).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String run = args[1];
        Path work = Files.createDirectories(Path.of(args[2]));
        Random random = new Random(run.hashCode());
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            String previous = null;
            for (int i = 0; ; i++) {
                String id = "run" + run + "-m" + i;
                Path file = Files.write(work.resolve("model.bin"), content(id));
                store.upload(
                        UploadRequest.builder("fraud").file(file).modelId(id).build());
                System.out.println("uploaded " + id);
                System.out.flush();
                if (previous != null && random.nextInt(3) == 0) {
                    System.out.println("deleting " + previous); // from here on it may be gone
                    System.out.flush();
                    store.deleteModel("fraud", previous);
                    System.out.println("deleted " + previous);
                    System.out.flush();
                }
                previous = id;
            }
        }
    }
}

package io.modelstore.local;

import io.modelstore.ModelExistsException;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import io.modelstore.spi.WriteCondition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of {@link ProcessesTest}, printing a line for each step once it has returned:
 * <ul>
 *   <li>{@code write <root> <key>}: one create-new write through {@link FileSystemStorage};</li>
 *   <li>{@code upload <root> <writer> <count> <go-file>}: once the go file exists, {@code count} uploads of its own
 *       ids to domain {@code shared}, each followed by a claim of the id {@code claim-<i>} that every writer tries.</li>
 * </ul>
 */
public final class StoreWriter {

    private StoreWriter() {}

    /** The content a writer uploads under an id, so that the parent can tell whose bytes were stored. */
    static String content(String writer, String id) {
        return writer + " wrote " + id;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        if (args[0].equals("write")) {
            FileSystemStorage storage = new FileSystemStorage(root, true);
            say("ready");
            boolean written = storage.write(
                    args[2], "from another process".getBytes(StandardCharsets.UTF_8), WriteCondition.ifAbsent());
            say("written " + written);
            return;
        }
        String writer = args[2];
        int count = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        Path work = Files.createDirectories(root.resolveSibling("work-" + writer));
        try (ModelStore store = ModelStore.fromFileSystem(root, true)) {
            while (!Files.exists(go)) {
                Thread.sleep(1);
            }
            for (int i = 0; i < count; i++) {
                upload(store, work, writer, writer + "-" + i);
                say("uploaded " + writer + "-" + i);
                try {
                    upload(store, work, writer, "claim-" + i);
                    say("claimed claim-" + i);
                } catch (ModelExistsException e) {
                    say("refused claim-" + i);
                }
            }
        }
    }

    private static void upload(ModelStore store, Path work, String writer, String id) throws Exception {
        Path file = Files.writeString(work.resolve("model.txt"), content(writer, id));
        store.upload(UploadRequest.builder("shared").file(file).modelId(id).build());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

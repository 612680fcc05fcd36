package io.modelstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads a model's files into a JVM runtime, for the models whose {@code model.model_type.library} is
 * {@link #library()}. Found by {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.modelstore.ModelLoader}.
 *
 * <p>An implementation must be loadable without its runtime on the classpath (keep runtime types out of its
 * fields and signatures), so that a missing runtime is reported by {@link #checkAvailable()} rather than by
 * {@code ServiceLoader} failing.
 */
public interface ModelLoader {

    /** The {@code model_type.library} this loader reads, such as {@code onnx}. */
    String library();

    /** The class name of what {@link #load} returns, such as {@code ai.onnxruntime.OrtSession}. */
    String typeName();

    /** Throws (typically a {@link LinkageError}) when the runtime is missing or cannot start here. */
    default void checkAvailable() {}

    /**
     * Loads the model whose files (the archive's contents) are in {@code modelDirectory}. The directory may be
     * removed once this returns: the result must not read it later. The caller owns the result (closes it).
     */
    Object load(Path modelDirectory, ModelMetadata metadata) throws Exception;

    /**
     * Frees what {@link #load} returned, when its holder is done with it (a {@link LiveModel} after a swap). The
     * default closes an {@link AutoCloseable}; a runtime whose models are freed otherwise overrides it.
     */
    default void release(Object model) throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * What {@code model} (returned by this loader's {@link #load}) takes and gives, where its runtime records it;
     * empty where it does not.
     */
    default java.util.Optional<ModelSignature> signature(Object model) throws Exception {
        return java.util.Optional.empty();
    }

    /**
     * Whether this loader reads the files of a model whose library names no JVM runtime (such as Python's
     * {@code model_file} uploads), judged by their content (a TorchScript archive, say), not by a file name alone.
     * Only asked of such models, after their files are downloaded; the default recognizes none.
     */
    default boolean recognizes(Path modelDirectory, ModelMetadata metadata) throws IOException {
        return false;
    }

    /**
     * The file a loader reads in {@code modelDirectory}: {@code name} (what Python's manager writes) if it is there,
     * else the one file whose name ends with one of {@code suffixes} (a model file uploaded from Java keeps its name).
     *
     * @throws IOException when there is no such file, or more than one
     */
    static Path modelFile(Path modelDirectory, String name, String... suffixes) throws IOException {
        Path preferred = modelDirectory.resolve(name);
        if (Files.isRegularFile(preferred)) {
            return preferred;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(modelDirectory)) {
            candidates = files.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(f.getFileName().toString()::endsWith))
                    .sorted()
                    .collect(Collectors.toList());
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String ending = String.join(" or ", suffixes);
        if (candidates.isEmpty()) {
            throw new IOException("The model's files hold neither " + name + " nor a file ending with " + ending
                    + ": upload the model file itself");
        }
        throw new IOException("The model's files hold no " + name + " but " + candidates.size() + " files ending with "
                + ending + " ("
                + candidates.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "))
                + "): name the one to load " + name + ", or upload it alone");
    }
}

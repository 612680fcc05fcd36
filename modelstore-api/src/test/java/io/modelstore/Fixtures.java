package io.modelstore;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the store written by Python modelstore 0.0.81 in the shared fixtures. */
public final class Fixtures {

    public static final String PYTHON_FIXTURE = "fixtures/python-modelstore-0.0.81";
    public static final String IRIS_ID = "67124a3c-dbba-4f4c-b72a-71ebe5b89f08";

    private Fixtures() {}

    /**
     * The shared directory: the system property {@code modelstore.shared.dir} if set, otherwise the first
     * {@code shared} directory holding the fixture found walking up from the working directory.
     */
    public static Path sharedDir() {
        String override = System.getProperty("modelstore.shared.dir");
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override).toAbsolutePath();
            if (!Files.isDirectory(dir.resolve(PYTHON_FIXTURE))) {
                throw new IllegalStateException("-Dmodelstore.shared.dir=" + override + " has no " + PYTHON_FIXTURE);
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path shared = dir.resolve("shared");
            if (Files.isDirectory(shared.resolve(PYTHON_FIXTURE))) {
                return shared;
            }
        }
        throw new IllegalStateException("No shared/" + PYTHON_FIXTURE + " above " + start
                + ": set -Dmodelstore.shared.dir to the directory that holds it");
    }

    /** The Python store's root directory (it holds {@code operatorai-model-store/}). */
    public static Path pythonStore() {
        return sharedDir().resolve(PYTHON_FIXTURE).resolve("store");
    }

    /** The metadata of the first iris-classifier model. */
    public static Path irisMetadata() {
        return pythonStore().resolve("operatorai-model-store/iris-classifier/versions/" + IRIS_ID + ".json");
    }
}

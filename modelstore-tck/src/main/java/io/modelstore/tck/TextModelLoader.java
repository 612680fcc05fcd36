package io.modelstore.tck;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loader for tests of serving without a native runtime: library {@code text} loads the model's {@code .txt} file
 * as a {@link TextModel}, which records being closed.
 */
public final class TextModelLoader implements ModelLoader {

    /** The library name that this loader reads. */
    public static final String LIBRARY = "text";

    @Override
    public String library() {
        return LIBRARY;
    }

    @Override
    public String typeName() {
        return TextModel.class.getName();
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) throws Exception {
        Path file = ModelLoader.modelFile(modelDirectory, "model.txt", ".txt");
        return new TextModel(metadata.modelId(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** A loaded text model. */
    public static final class TextModel implements AutoCloseable {
        private final String modelId;
        private final String text;
        private volatile boolean closed;

        TextModel(String modelId, String text) {
            this.modelId = modelId;
            this.text = text;
        }

        public String modelId() {
            return modelId;
        }

        /** The model's text; fails once the model is closed, as a closed native session does. */
        public String text() {
            if (closed) {
                throw new IllegalStateException("model " + modelId + " is closed");
            }
            return text;
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

package io.modelstore.tck;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loader for tests of serving without a native runtime: library {@code text} loads the model's {@code .txt} file
 * as a {@link TextModel}, which records being closed. A text that starts with {@code features=N} has the signature
 * {@link ModelSignature#features(int) features(N)}, so that guarded swaps can be tested without a runtime; any other
 * text has none.
 */
public final class TextModelLoader implements ModelLoader {

    /** The library name that this loader reads. */
    public static final String LIBRARY = "text";

    /** Created by {@link java.util.ServiceLoader}. */
    public TextModelLoader() {}

    @Override
    public String library() {
        return LIBRARY;
    }

    @Override
    public String typeName() {
        return TextModel.class.getName();
    }

    @Override
    public Optional<ModelSignature> signature(Object model) {
        Matcher features = FEATURES.matcher(((TextModel) model).text);
        return features.lookingAt()
                ? Optional.of(ModelSignature.features(Integer.parseInt(features.group(1))))
                : Optional.empty();
    }

    private static final Pattern FEATURES = Pattern.compile("features=(\\d+)");

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

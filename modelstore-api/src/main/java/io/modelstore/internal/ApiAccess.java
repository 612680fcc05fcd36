package io.modelstore.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.Loaders;
import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the implementation may do with the public types that their users may not: build a {@link ModelMetadata} from a
 * parsed document, ask {@link Loaders} which loader serves a model. The public package registers the one instance
 * (the JDK's "shared secrets" pattern), so those members stay out of the public API.
 */
public abstract class ApiAccess {

    private static volatile ApiAccess instance;

    /** Called once, by the public package, when {@link ModelMetadata} is initialized. */
    public static void register(ApiAccess access) {
        if (instance != null && instance.getClass() != access.getClass()) {
            throw new IllegalStateException("The API's access is registered already");
        }
        instance = access;
    }

    /** The registered instance, initializing the public class that registers it when nothing has yet. */
    public static ApiAccess get() {
        ApiAccess access = instance;
        if (access == null) {
            try {
                Class.forName(ModelMetadata.class.getName(), true, ModelMetadata.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            access = instance;
        }
        return access;
    }

    /** A metadata document that nothing else holds (it is not copied). */
    public abstract ModelMetadata metadata(ObjectNode document);

    /** The installed loader named by the model's library, if any. */
    public abstract Optional<ModelLoader> byLibraryOf(Loaders loaders, ModelMetadata model);

    /** The installed loader that recognizes the model's files, or the error that says none does. */
    public abstract ModelLoader recognizing(Loaders loaders, Path modelDirectory, ModelMetadata model)
            throws IOException;

    /** The installed loader whose runtime type {@code model} is, if any. */
    public abstract Optional<ModelLoader> loaderOf(Loaders loaders, Object model);
}

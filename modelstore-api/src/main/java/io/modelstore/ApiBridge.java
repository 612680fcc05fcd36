package io.modelstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelstore.internal.ApiAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The implementation's access to this package's non-public members: see {@link ApiAccess}. */
final class ApiBridge extends ApiAccess {

    @Override
    public ModelMetadata metadata(ObjectNode document) {
        return new ModelMetadata(document, true);
    }

    @Override
    public Optional<ModelLoader> byLibraryOf(Loaders loaders, ModelMetadata model) {
        return loaders.byLibraryOf(model);
    }

    @Override
    public ModelLoader recognizing(Loaders loaders, Path modelDirectory, ModelMetadata model) throws IOException {
        return loaders.recognizing(modelDirectory, model);
    }

    @Override
    public Optional<ModelLoader> loaderOf(Loaders loaders, Object model) {
        return loaders.loaderOf(model);
    }
}

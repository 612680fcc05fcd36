package io.modelstore;

import io.modelstore.spi.ModelStoreException;
import java.util.Optional;

/**
 * A {@link LiveModel} did not swap in a newer version: its inputs differ from those of the model serving now, or it
 * failed the application's {@link FollowOptions#check check}. The current model goes on serving; the version is not
 * tried again until the followed state names another.
 */
public class ModelRefusedException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final transient ModelMetadata refused;
    private final transient ModelSignature signature;

    public ModelRefusedException(ModelMetadata refused, ModelSignature signature, String message, Throwable cause) {
        super(message, cause);
        this.refused = refused;
        this.signature = signature;
    }

    /** The version that was refused. */
    public ModelMetadata refused() {
        return refused;
    }

    /** Its signature, where its runtime records one. */
    public Optional<ModelSignature> signature() {
        return Optional.ofNullable(signature);
    }
}

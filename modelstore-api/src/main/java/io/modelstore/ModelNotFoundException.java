package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/** The domain has no model with this id. */
public class ModelNotFoundException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final String modelId;

    public ModelNotFoundException(String domain, String modelId, String message) {
        super(message);
        this.domain = domain;
        this.modelId = modelId;
    }

    public String domain() {
        return domain;
    }

    public String modelId() {
        return modelId;
    }
}

package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/** An upload asked for a model id that the domain already has (or had, and deleted). */
public class ModelExistsException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final String modelId;

    public ModelExistsException(String domain, String modelId, String message) {
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

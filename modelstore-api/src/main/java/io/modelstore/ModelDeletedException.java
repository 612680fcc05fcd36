package io.modelstore;

/** The model existed and was deleted: only its tombstone remains. */
public class ModelDeletedException extends ModelNotFoundException {
    private static final long serialVersionUID = 1L;

    public ModelDeletedException(String domain, String modelId, String message) {
        super(domain, modelId, message);
    }
}

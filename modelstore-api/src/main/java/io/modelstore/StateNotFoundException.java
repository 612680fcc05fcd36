package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/** The model state has not been created (see {@link ModelStore#createModelState(String)}). */
public class StateNotFoundException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String state;

    public StateNotFoundException(String state, String message) {
        super(message);
        this.state = state;
    }

    public String state() {
        return state;
    }
}

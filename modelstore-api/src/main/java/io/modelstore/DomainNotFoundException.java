package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/** No model has been uploaded to the domain. */
public class DomainNotFoundException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String domain;

    public DomainNotFoundException(String domain, String message) {
        super(message);
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }
}

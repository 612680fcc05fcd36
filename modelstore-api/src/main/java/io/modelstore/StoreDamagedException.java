package io.modelstore;

import io.modelstore.spi.ModelStoreException;

/**
 * The store holds a document that neither Java nor Python modelstore writes: metadata that does not parse or is too
 * large, metadata or a pointer that names another model or domain, a name that would leave its place in the layout.
 * Nothing was followed or changed because of it. Unlike a {@link io.modelstore.spi.StorageException}, trying again
 * does not help: the document must be restored or removed ({@code modelstore check} lists what is damaged).
 */
public class StoreDamagedException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String problem;

    /**
     * @param location what is damaged and where, such as {@code The metadata at operatorai-model-store/d/versions/m.json}
     * @param problem  what is wrong with it, such as {@code is not a JSON object}
     * @param remedy   a sentence saying what to do
     * @param cause    the parser's error, if any
     */
    public StoreDamagedException(String location, String problem, String remedy, Throwable cause) {
        super(location + " " + problem + ". " + remedy, cause);
        this.location = location;
        this.problem = problem;
    }

    /** What is damaged and where: the document and its key. */
    public String location() {
        return location;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}

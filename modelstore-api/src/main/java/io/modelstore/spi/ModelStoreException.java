package io.modelstore.spi;

import java.io.Serializable;
import java.util.Optional;

/**
 * The base of every error that modelstore-java raises; unchecked, with a message that says what to do. It lives
 * beside the SPI because backends raise it too ({@link StorageException} for a storage failure).
 *
 * <p>Where what to do is a call, the exception carries it as a {@link Remedy}: the message ends with the library
 * call, and the command-line tool shows its own command instead ({@link #commandLineMessage()}).
 */
public class ModelStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * What to do, said for each interface.
     *
     * @param inJava        a sentence with the library call, such as {@code Create it with createModelState("production").}
     * @param onCommandLine the same with the command, such as {@code Create it with: modelstore states create production}
     */
    public record Remedy(String inJava, String onCommandLine) implements Serializable {}

    private Remedy remedy;

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Adds what to do; returns this exception, to be thrown. */
    // E is inferred from where the result goes, so that "XException e = new XException(...).withRemedy(...)" needs
    // no cast: the unchecked cast holds while E is this exception's class or one above it. The public signature stays.
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public final <E extends ModelStoreException> E withRemedy(Remedy remedy) {
        this.remedy = remedy;
        return (E) this;
    }

    /** What to do, when it is a call of the library or a command. */
    public Optional<Remedy> remedy() {
        return Optional.ofNullable(remedy);
    }

    /** What is wrong, then the remedy in Java. */
    @Override
    public String getMessage() {
        return remedy == null ? super.getMessage() : super.getMessage() + " " + remedy.inJava();
    }

    /** What is wrong, then the remedy as a command of the {@code modelstore} tool. */
    public String commandLineMessage() {
        return remedy == null ? super.getMessage() : super.getMessage() + " " + remedy.onCommandLine();
    }
}

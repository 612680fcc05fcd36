package io.modelstore;

import io.modelstore.spi.ModelStoreException;
import java.nio.file.Path;

/**
 * A download would replace or delete what its target directory already holds: a path of the archive exists there
 * (without overwrite), or a directory stands where the archive has a file or the other way round. Nothing was changed.
 */
public class TargetConflictException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public TargetConflictException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The path in the target directory that is in the way. */
    public Path path() {
        return path;
    }
}

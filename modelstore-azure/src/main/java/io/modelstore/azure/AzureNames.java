package io.modelstore.azure;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.util.regex.Pattern;

/** The check of a container's name, made before any request, with the name to use instead. */
final class AzureNames {

    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    private AzureNames() {}

    /** Refuses a name that Azure Blob Storage would refuse. */
    static void checkContainerName(String name) {
        if (name == null || name.isBlank()) {
            throw invalid(
                    "No Azure Blob container was given. Give the container's name (the setting 'container'), such "
                            + "as 'models'.",
                    "container");
        }
        if (!CONTAINER.matcher(name).matches()) {
            String suggestion = name.toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9-]", "-")
                    .replaceAll("-{2,}", "-")
                    .replaceAll("^-+|-+$", "");
            throw invalid(
                    "Invalid Azure Blob container name '" + name + "': container names are 3 to 63 "
                            + "lowercase letters, digits and single hyphens, beginning and ending with a letter or digit"
                            + (CONTAINER.matcher(suggestion).matches() ? ". Did you mean '" + suggestion + "'?" : "."),
                    "container");
        }
    }

    /** An {@code INVALID_SETTINGS} failure of {@code setting}. */
    static StorageException invalid(String message, String setting) {
        return new StorageException(Reason.INVALID_SETTINGS, message, setting, null);
    }
}

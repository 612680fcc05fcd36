package io.modelstore.gcp;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.util.Locale;
import java.util.regex.Pattern;

/** The check of a bucket's name, made before any request, with the name to use instead. */
final class GcsNames {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    private GcsNames() {}

    /** Refuses a name that Google Cloud Storage would refuse, or a {@code gs://} URL or path given as the name. */
    static void checkBucketName(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw invalid(
                    "No Google Cloud Storage bucket was given. Give the bucket's name (the setting 'bucket'), such "
                            + "as 'my-models'.",
                    "bucket");
        }
        if (bucket.startsWith("gs://") || bucket.contains("/")) {
            String rest = bucket.replaceFirst("^gs://", "");
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
            throw invalid(
                    "Invalid Google Cloud Storage bucket name '" + bucket + "': give the bucket's name "
                            + "alone, without 'gs://' or a path: '" + name + "'"
                            + (path.isEmpty() ? "." : ", with '" + path + "' as the root prefix."),
                    "bucket");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.startsWith("goog") || bucket.contains("google")) {
            String suggestion = bucket.toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9._-]", "-")
                    .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
            throw invalid(
                    "Invalid Google Cloud Storage bucket name '" + bucket + "': bucket names are 3 to 63 "
                            + "lowercase letters, digits, '-', '_' and '.', begin and end with a letter or digit, and do not "
                            + "start with 'goog' or contain 'google'"
                            + (BUCKET.matcher(suggestion).matches() && !suggestion.equals(bucket)
                                    ? ". Did you mean '" + suggestion + "'?"
                                    : "."),
                    "bucket");
        }
    }

    /** An {@code INVALID_SETTINGS} failure of {@code setting}. */
    static StorageException invalid(String message, String setting) {
        return new StorageException(Reason.INVALID_SETTINGS, message, setting, null);
    }
}

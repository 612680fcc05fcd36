package io.modelstore.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A storage operation failed: the message names the key or location concerned and says what to do, and
 * {@link #reason()} says what kind of failure it was, so that a program can act on it (retry a
 * {@link Reason#TRANSIENT} one, alert on {@link Reason#ACCESS_DENIED}) without reading the message.
 *
 * <p>A backend classifies its SDK's errors and builds the exception with {@link #because(Reason)}: it gives the
 * facts (what was being done, on which bucket or container, the HTTP status) and this class writes the sentence
 * that says what to do, the same for every backend.
 *
 * <pre>{@code
 * throw StorageException.because(Reason.ACCESS_DENIED)
 *         .cannot("write", "s3://my-models/a.json")
 *         .detail("HTTP 403, AccessDenied")
 *         .container("bucket", "my-models")
 *         .hint("s3:GetObject, s3:PutObject, s3:ListBucket, s3:DeleteObject")
 *         .cause(sdkException)
 *         .build();
 * }</pre>
 */
public class StorageException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure a {@link StorageException} is. */
    public enum Reason {
        /** The credentials were refused for this bucket, container or object (HTTP 401/403, file permissions). */
        ACCESS_DENIED,
        /** The bucket or container does not exist; modelstore never creates one. */
        CONTAINER_NOT_FOUND,
        /** There is no blob at the key (see {@link BlobNotFoundException}). */
        BLOB_NOT_FOUND,
        /** No connection could be made to the endpoint (refused, unknown host, no route, connect timeout). */
        UNREACHABLE,
        /** No credentials were found where the SDK looks for them. */
        NO_CREDENTIALS,
        /** A setting is missing or malformed (a bucket name, a region, a connection string); nothing was sent. */
        INVALID_SETTINGS,
        /** The service throttled or failed the request (HTTP 429, 5xx, a reset connection): trying again may work. */
        TRANSIENT,
        /**
         * A file on this machine could not be read or written (a full disk, permissions, a missing source file, a
         * name too long for the file system).
         */
        LOCAL_IO,
        /** Anything else. */
        OTHER
    }

    private final Reason reason;
    private final String setting;

    /** A failure of reason {@link Reason#OTHER}. */
    public StorageException(String message) {
        this(Reason.OTHER, message, null, null);
    }

    /** A failure of reason {@link Reason#OTHER}. */
    public StorageException(String message, Throwable cause) {
        this(Reason.OTHER, message, null, cause);
    }

    /** A failure of the given reason with a message written by the caller. */
    public StorageException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    /** A failure of the given reason with a message written by the caller. */
    public StorageException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, cause);
    }

    /**
     * A failure of the given reason, caused by the value of one setting (such as {@code bucket}), so that the code
     * that read the settings can say where that value came from.
     */
    public StorageException(Reason reason, String message, String setting, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.setting = setting;
    }

    /** What kind of failure this is. */
    public Reason reason() {
        return reason;
    }

    /** The setting whose value caused the failure (such as {@code bucket}), when one did. */
    public Optional<String> setting() {
        return Optional.ofNullable(setting);
    }

    /** The same failure with a sentence added to its message; this exception becomes the cause. */
    public StorageException withNote(String sentence) {
        StorageException noted = new StorageException(reason, getMessage() + " " + sentence, setting, this);
        noted.setStackTrace(getStackTrace());
        return noted;
    }

    /** Starts describing a failure of this reason; see the class's example. */
    public static Builder because(Reason reason) {
        return new Builder(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * The facts of a failure, from which {@link #build()} writes one message per {@link Reason}: what failed, what it
     * means, and what to do.
     */
    public static final class Builder {
        private final Reason reason;
        private String failed = "The storage operation failed";
        private String detail;
        private String containerKind;
        private String containerName;
        private String endpoint;
        private String hint;
        private String setting;
        private Throwable cause;

        private Builder(Reason reason) {
            this.reason = reason;
        }

        /** What was being done: {@code cannot("write", "s3://b/k")} starts the message "Cannot write s3://b/k". */
        public Builder cannot(String action, String where) {
            this.failed = "Cannot " + action + " " + where;
            return this;
        }

        /** What was being set up: {@code setUp("AWS S3")} starts the message "Failed to set up the AWS S3 storage". */
        public Builder setUp(String service) {
            this.failed = "Failed to set up the " + service + " storage";
            return this;
        }

        /**
         * The service's own words, such as {@code HTTP 403, AccessDenied} or the network exception; for
         * {@link Reason#NO_CREDENTIALS}, whose credentials, such as {@code AWS}.
         */
        public Builder detail(String text) {
            this.detail = text;
            return this;
        }

        /** The bucket or container concerned: {@code container("bucket", "my-models")}. */
        public Builder container(String kind, String name) {
            this.containerKind = kind;
            this.containerName = name;
            return this;
        }

        /** The endpoint the request went to. */
        public Builder endpoint(String url) {
            this.endpoint = url;
            return this;
        }

        /**
         * What only this backend can add: the permissions needed ({@link Reason#ACCESS_DENIED}), the command that
         * creates a bucket ({@link Reason#CONTAINER_NOT_FOUND}), the likely causes ({@link Reason#UNREACHABLE}), where
         * credentials come from ({@link Reason#NO_CREDENTIALS}), or any other advice.
         */
        public Builder hint(String text) {
            this.hint = text;
            return this;
        }

        /** The setting whose value caused the failure, such as {@code bucket}. */
        public Builder setting(String name) {
            this.setting = name;
            return this;
        }

        public Builder cause(Throwable throwable) {
            this.cause = throwable;
            return this;
        }

        public StorageException build() {
            return new StorageException(reason, message(), setting, cause);
        }

        private String message() {
            String container = containerKind == null ? "the storage" : containerKind + " '" + containerName + "'";
            String at = endpoint == null ? "" : " (at " + endpoint + ")";
            String details = detail == null ? "" : " (" + detail + ")";
            String hinted = hint == null ? "" : " (" + hint + ")";
            return switch (reason) {
                case ACCESS_DENIED ->
                    failed + ": access to " + container + " is denied" + details + ". Check that these "
                            + "credentials are right and may read, write, list and delete in " + container + hinted
                            + ".";
                case CONTAINER_NOT_FOUND ->
                    failed + ": " + container + " does not exist" + at + details + ". Create it first"
                            + hinted + ", or fix its name: modelstore does not create "
                            + (containerKind == null ? "them" : containerKind + "s") + ".";
                case UNREACHABLE ->
                    failed + ": cannot reach the endpoint " + endpoint + details + ". Likely causes: "
                            + (hint == null ? "a wrong endpoint" : hint)
                            + ", or no network route or proxy to it from here.";
                case NO_CREDENTIALS ->
                    failed + ": no " + (detail == null ? "" : detail + " ") + "credentials were found. "
                            + (hint == null ? "Configure the SDK's credentials." : hint);
                case TRANSIENT ->
                    failed + details + ": the service is busy or failed for a moment, and the client's retries "
                            + "ran out. Try again later" + (hint == null ? "." : "; " + hint + ".");
                case BLOB_NOT_FOUND ->
                    failed + details + ": there is no such blob" + (hint == null ? "." : ". " + hint);
                case INVALID_SETTINGS -> failed + details + "." + (hint == null ? "" : " " + hint);
                case LOCAL_IO ->
                    failed + details + ". "
                            + (hint == null ? "Check the file's permissions and the free space." : hint);
                case OTHER ->
                    failed + details + ". Try again; if it persists, "
                            + (hint != null
                                    ? hint
                                    : endpoint != null
                                            ? "check the endpoint " + endpoint + " and the network"
                                            : "check " + container)
                            + ".";
            };
        }
    }
}

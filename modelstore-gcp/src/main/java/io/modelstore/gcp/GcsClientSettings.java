package io.modelstore.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageOptions;
import io.modelstore.ModelStore;
import io.modelstore.spi.Endpoints;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * What a {@link GcsStorage.Builder} was given, as google-cloud-storage's client takes it: the client's options
 * (credentials, endpoint, retries, timeouts, user agent), and the check of the bucket through a client that gives up
 * in seconds.
 *
 * @param project     null or blank: the client is anonymous and read-only, as Python's is
 * @param credentials null: Application Default Credentials (none for an anonymous client or another endpoint)
 * @param host        null: Google's endpoint
 * @param maxAttempts 0: the client's retry settings
 */
record GcsClientSettings(String project, Credentials credentials, String host, int maxAttempts) {

    private static final String SERVICE = "Google Cloud Storage";
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int SETUP_ATTEMPTS = 2;
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

    /** Whether the client reads anonymously and refuses writes: no project was given. */
    boolean anonymous() {
        return project == null || project.isBlank();
    }

    /**
     * The client's options; no request is made, except Application Default Credentials' own look-up.
     *
     * @throws StorageException for an endpoint with credentials (user info) or without a scheme and host, or when no
     *                          credentials are found for a project
     */
    StorageOptions options() {
        StorageOptions.Builder options = StorageOptions.http();
        if (host != null) {
            // Before the URL is parsed: a parse error would quote it.
            Endpoints.requireNoUserInfo(
                    host,
                    "The Google Cloud Storage endpoint",
                    "host",
                    "with credentials(...) (an emulator needs none)");
            URI url = URI.create(host);
            if (url.getScheme() == null || url.getHost() == null) {
                throw GcsNames.invalid(
                        "Invalid Google Cloud Storage endpoint '" + host
                                + "': give a URL such as http://127.0.0.1:4443.",
                        "host");
            }
            options.setHost(host).setCredentials(credentials != null ? credentials : NoCredentials.getInstance());
        } else if (anonymous()) {
            options.setCredentials(NoCredentials.getInstance());
        } else {
            options.setCredentials(credentials != null ? credentials : applicationDefaultCredentials());
        }
        options.setProjectId(anonymous() ? "anonymous" : project);
        // Names this library to the service, in the user agent of every request.
        options.setHeaderProvider(FixedHeaderProvider.create("user-agent", "modelstore-java/" + ModelStore.version()));
        if (maxAttempts > 0) {
            RetrySettings retries = StorageOptions.getDefaultRetrySettings().toBuilder()
                    .setMaxAttempts(maxAttempts)
                    .setTotalTimeoutDuration(Duration.ofSeconds(30))
                    .build();
            options.setRetrySettings(retries);
        }
        options.setTransportOptions(HttpTransportOptions.newBuilder()
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .build());
        return options.build();
    }

    /**
     * Checks that the bucket of {@code errors} exists and may be used. With bounded retries and timeouts of its own
     * over {@code built}: a store that cannot be reached fails in seconds, where the SDK's defaults retry for 50 s.
     */
    static void checkBucket(StorageOptions built, GcsErrors errors) {
        RetrySettings setupRetries = built.getRetrySettings().toBuilder()
                .setMaxAttempts(Math.min(
                        SETUP_ATTEMPTS,
                        built.getRetrySettings().getMaxAttempts() > 0
                                ? built.getRetrySettings().getMaxAttempts()
                                : SETUP_ATTEMPTS))
                .setInitialRetryDelayDuration(Duration.ofMillis(500))
                .setTotalTimeoutDuration(SETUP_TIMEOUT)
                .build();
        com.google.cloud.storage.Storage setup = built.toBuilder()
                .setRetrySettings(setupRetries)
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                        .setReadTimeout((int) SETUP_TIMEOUT.toMillis())
                        .build())
                .build()
                .getService();
        String bucket = errors.bucket();
        try {
            if (errors.anonymous()) {
                setup.list(bucket, BlobListOption.pageSize(1)); // bucket metadata is not public even where objects are
            } else if (setup.get(bucket) == null) {
                throw StorageException.because(Reason.CONTAINER_NOT_FOUND)
                        .setUp(SERVICE)
                        .container("bucket", bucket)
                        .endpoint(errors.host())
                        .hint("'gcloud storage buckets create gs://" + bucket + "'")
                        .setting("bucket")
                        .build();
            }
        } catch (com.google.cloud.storage.StorageException e) {
            throw errors.classify(e, reason -> StorageException.because(reason).setUp(SERVICE));
        }
    }

    private static GoogleCredentials applicationDefaultCredentials() {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw StorageException.because(Reason.NO_CREDENTIALS)
                    .setUp(SERVICE)
                    .detail("Google Cloud")
                    .hint("Run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to "
                            + "the path of a service account key file, or run where a service account is attached (GCE, GKE, "
                            + "Cloud Run). To read a public bucket without credentials, give no project.")
                    .cause(e)
                    .build();
        }
    }

    // Not the record's own: that would show the credentials.
    @Override
    public String toString() {
        return "GcsClientSettings[" + (anonymous() ? "anonymous" : "project " + project)
                + (host == null ? "" : ", " + host) + "]";
    }
}

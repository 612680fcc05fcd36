package io.modelstore.spi;

import io.modelstore.spi.StorageException.Reason;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Endpoints (a server's URL such as {@code http://127.0.0.1:9000}, or its {@code host:port}) carry no credentials.
 * No SDK uses an endpoint's user info (the AWS SDK signs with its own credentials), and an endpoint is shown in
 * {@link Storage#describe()}, {@code toString()}, health details and error messages; so an endpoint with user info
 * ({@code http://user:password@host}) is refused, by one rule and one message wherever an endpoint is read: the
 * store's configuration, and each backend's builder.
 *
 * <pre>{@code
 * Endpoints.requireNoUserInfo(url, "The S3 endpoint", "endpoint", "through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
 * }</pre>
 */
public final class Endpoints {

    /** What stands for the user info in a masked endpoint. */
    public static final String MASK = "****";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    private Endpoints() {}

    /** Whether {@code value} starts with a scheme and {@code ://}, as a URL does. */
    public static boolean isUrl(String value) {
        return value != null && SCHEME.matcher(value.trim()).find();
    }

    /**
     * Whether the endpoint holds user info: an {@code @}, raw or percent-encoded ({@code %40}), anywhere in it. No
     * endpoint needs one, and a password may hold the {@code /}, {@code ?} or {@code #} that would end user info
     * early for {@link java.net.URI}, so the whole value is searched.
     */
    public static boolean hasUserInfo(String endpoint) {
        return endpoint != null && lastAt(endpoint) >= 0;
    }

    /**
     * The endpoint with its user info, and its query's values, replaced by {@value #MASK}: everything between the
     * scheme's {@code //} (or the start, for {@code host:port}) and the last {@code @}, such as
     * {@code http://****@127.0.0.1:9000}. An endpoint without user info comes back as it is, but for its query.
     */
    public static String masked(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        String text = endpoint;
        int at = lastAt(text);
        if (at >= 0) {
            Matcher scheme = SCHEME.matcher(text);
            int start = scheme.find() && scheme.end() <= at ? scheme.end() : 0;
            int after = at + (text.startsWith("@", at) ? 1 : 3); // past the '@' or "%40"
            text = text.substring(0, start) + MASK + "@" + text.substring(after);
        }
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query) + "?" + MASK;
    }

    /**
     * Refuses an endpoint with user info.
     *
     * @param endpoint    the endpoint, as given (null passes)
     * @param what        what it is, for the message, such as {@code The S3 endpoint}
     * @param setting     the setting it came from, such as {@code endpoint} (see {@link StorageException#setting()})
     * @param credentials how to give credentials instead, completing "give the credentials ...", such as
     *                    {@code through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY}
     * @return the endpoint
     * @throws StorageException of reason {@link Reason#INVALID_SETTINGS}, whose message shows the endpoint masked
     */
    public static String requireNoUserInfo(String endpoint, String what, String setting, String credentials) {
        if (hasUserInfo(endpoint)) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    what + " is '" + masked(endpoint) + "', which holds "
                            + "credentials (user info before '@'): an endpoint never carries them, as the SDK does not send them "
                            + "and the endpoint is shown in descriptions, health details and errors. Remove them from the "
                            + "endpoint and give the credentials " + credentials + ".",
                    setting,
                    null);
        }
        return endpoint;
    }

    /** The index of the last {@code @} or {@code %40} (at its {@code %}), or -1. */
    private static int lastAt(String text) {
        return Math.max(text.lastIndexOf('@'), text.toLowerCase(Locale.ROOT).lastIndexOf("%40"));
    }
}

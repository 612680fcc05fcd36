package io.modelstore.pytorch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's offline mode, on unless the application chose: offline, DJL neither downloads natives nor calls home (its
 * telemetry asks EC2's metadata service, then writes to an S3 bucket of DJL's). The natives come from the classpath.
 */
final class OfflineMode {

    /** DJL's system property; its environment variable {@code DJL_OFFLINE} takes precedence over it. */
    static final String PROPERTY = "ai.djl.offline";

    static final String VARIABLE = "DJL_OFFLINE";

    private static final Logger LOG = LoggerFactory.getLogger(OfflineMode.class);

    private OfflineMode() {}

    /** Turns offline mode on when neither {@code DJL_OFFLINE} nor {@code ai.djl.offline} is set. */
    static void applyDefault() {
        synchronized (System.getProperties()) {
            if (System.getenv(VARIABLE) == null && System.getProperty(PROPERTY) == null) {
                System.setProperty(PROPERTY, "true");
                LOG.debug("DJL offline mode turned on ({}=true): natives come from the classpath", PROPERTY);
            }
        }
    }

    /** Whether DJL may download (the application set offline mode off), as DJL decides it. */
    static boolean downloadsAllowed() {
        String variable = System.getenv(VARIABLE);
        return !Boolean.parseBoolean(variable != null ? variable : System.getProperty(PROPERTY, "true"));
    }
}

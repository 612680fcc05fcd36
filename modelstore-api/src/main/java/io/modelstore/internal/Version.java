package io.modelstore.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, read once from the jar. */
public final class Version {

    public static final String VERSION = load();

    private Version() {}

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("modelstore.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

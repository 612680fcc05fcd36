package io.modelstore.tck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * What the store logged while an action ran, read from slf4j-simple's output (standard error). A test that needs it
 * is skipped, with the reason, where another logging backend is bound.
 */
final class Warnings {

    private Warnings() {}

    /** Runs {@code action} and returns what was logged meanwhile. */
    static String loggedDuring(Runnable action) {
        String bound = LoggerFactory.getILoggerFactory().getClass().getName();
        Assumptions.assumeTrue(
                bound.equals("org.slf4j.simple.SimpleLoggerFactory"),
                "reading the log needs slf4j-simple (it prints to standard error); this test run binds " + bound);
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(err);
        }
        return logged.toString(StandardCharsets.UTF_8);
    }

    /** How often {@code text} occurs in {@code logged}. */
    static int count(String logged, String text) {
        int n = 0;
        for (int at = logged.indexOf(text); at >= 0; at = logged.indexOf(text, at + text.length())) {
            n++;
        }
        return n;
    }
}

package io.modelstore.cli;

import io.modelstore.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal: bytes, rate and time left, drawn over itself with {@code \r}. It appears
 * only once a stage has taken more than a moment, redraws at most ten times a second, and draws nothing at all
 * when the output is not a terminal (so piped output stays plain).
 */
final class ProgressBar implements ProgressListener {

    static final long SHOW_AFTER_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier clock;
    private String stage;
    private long stageStart;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean enabled, LongSupplier nanoClock) {
        this.out = out;
        this.enabled = enabled;
        this.clock = nanoClock;
    }

    /** A bar on stderr when this process talks to a terminal. */
    static ProgressBar onStderr() {
        return new ProgressBar(System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")), System::nanoTime);
    }

    @Override
    public void progress(String newStage, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        if (!newStage.equals(stage)) {
            finishLine();
            stage = newStage;
            stageStart = now;
            lastDraw = 0;
        }
        long elapsed = now - stageStart;
        boolean finished = total >= 0 && done >= total;
        if (elapsed < SHOW_AFTER_NANOS || (!finished && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        out.print("\r" + render(newStage, done, total, elapsed));
        drawn = true;
        if (finished) {
            finishLine();
        }
    }

    /** Ends the current line, if a bar was drawn on it. */
    void finishLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    /** The bar's text, such as {@code uploading    42% [##########--------------]  12.0 MiB / 28.6 MiB  4.0 MiB/s  0:04 left}. */
    static String render(String stage, long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", stage));
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            line.append(String.format(Locale.ROOT, "%3d%% [", (int) Math.floor(fraction * 100)))
                    .append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(bytes(done)).append(" / ").append(bytes(total));
        } else {
            line.append(bytes(done));
        }
        line.append("  ").append(bytes((long) rate)).append("/s");
        if (total > 0 && done < total && rate > 0) {
            line.append("  ").append(duration((long) ((total - done) / rate))).append(" left");
        } else if (total > 0) {
            line.append("  done in ").append(duration((long) seconds));
        }
        return line.toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}

package io.modelstore.cli;

import io.modelstore.ProgressListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal: bytes, rate and time left, drawn over itself with {@code \r}. It appears
 * only once a stage has taken more than a moment, redraws at most ten times a second, and draws nothing at all
 * when the output is not a terminal (so piped output stays plain).
 *
 * <p>Stages that overlap (an upload sends its archive while it writes it) share the line: the stage started last is
 * drawn as the bar, the others follow it in brackets, such as {@code (archiving 48%)}. The line ends when every stage
 * on it has finished.
 */
final class ProgressBar implements ProgressListener {

    static final long SHOW_AFTER_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier clock;
    /** The unfinished stages on the current line, in the order they started. */
    private final Map<String, Stage> stages = new LinkedHashMap<>();

    private long lineStart;
    private long lastDraw;
    private int drawnWidth; // of the text drawn on the line; 0 when nothing is

    private static final class Stage {
        final long start;
        long done;
        long total;

        Stage(long start) {
            this.start = start;
        }
    }

    ProgressBar(PrintStream out, boolean enabled, LongSupplier nanoClock) {
        this.out = out;
        this.enabled = enabled;
        this.clock = nanoClock;
    }

    /** A bar on stderr when this process talks to a terminal. */
    static ProgressBar onStderr() {
        return new ProgressBar(
                System.err, Terminal.console() != null && !"dumb".equals(System.getenv("TERM")), System::nanoTime);
    }

    @Override
    public synchronized void progress(String name, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        if (stages.isEmpty()) {
            lineStart = now;
            lastDraw = 0;
        }
        Stage stage = stages.computeIfAbsent(name, n -> new Stage(now));
        stage.done = done;
        stage.total = total;
        boolean finished = total >= 0 && done >= total;
        boolean last = finished && stages.size() == 1;
        if (finished && !last) {
            stages.remove(name); // the line goes on with the stages still running
        }
        if (now - lineStart >= SHOW_AFTER_NANOS && (last || now - lastDraw >= REDRAW_NANOS)) {
            lastDraw = now;
            draw(mainStage(), now);
        }
        if (last) {
            finishLine();
        }
    }

    /** The stage the bar shows: the one started last. */
    private String mainStage() {
        String main = null;
        for (String name : stages.keySet()) {
            main = name;
        }
        return main;
    }

    private void draw(String main, long now) {
        Stage shown = stages.get(main);
        StringBuilder line = new StringBuilder(render(main, shown.done, shown.total, now - shown.start));
        stages.forEach((name, other) -> {
            if (!name.equals(main)) {
                line.append("  (")
                        .append(name)
                        .append(' ')
                        .append(percent(other.done, other.total))
                        .append(')');
            }
        });
        int width = line.length();
        line.append(" ".repeat(Math.max(0, drawnWidth - width))); // covers what a longer line left
        out.print("\r" + line);
        drawnWidth = width;
    }

    /** Ends the current line, if a bar was drawn on it; what comes next starts a new line. */
    synchronized void finishLine() {
        if (drawnWidth > 0) {
            out.println();
        }
        drawnWidth = 0;
        stages.clear();
    }

    private static String percent(long done, long total) {
        return total > 0 ? (int) Math.floor(Math.min(1.0, (double) done / total) * 100) + "%" : bytes(done);
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
                    .append("#".repeat(filled))
                    .append("-".repeat(WIDTH - filled))
                    .append("] ")
                    .append(bytes(done))
                    .append(" / ")
                    .append(bytes(total));
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
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}

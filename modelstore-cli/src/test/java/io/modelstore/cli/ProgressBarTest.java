package io.modelstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress display: its text, when it appears, and that it stays silent when the output is not a terminal. */
class ProgressBarTest {

    private static final long MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void rendersBytesRateAndTimeLeft() {
        assertThat(ProgressBar.render("uploading", 12 * MIB, 48 * MIB, 3 * SECOND))
                .isEqualTo("uploading    25% [######------------------] 12.0 MiB / 48.0 MiB  4.0 MiB/s  0:09 left");
        assertThat(ProgressBar.render("downloading", 48 * MIB, 48 * MIB, 12 * SECOND))
                .isEqualTo("downloading 100% [########################] 48.0 MiB / 48.0 MiB  4.0 MiB/s  done in 0:12");
        assertThat(ProgressBar.render("downloading", 3 * MIB, -1, 2 * SECOND))
                .isEqualTo("downloading 3.0 MiB  1.5 MiB/s");
        assertThat(ProgressBar.duration(3 * 3600 + 61)).isEqualTo("3:01:01");
        assertThat(ProgressBar.bytes(1536)).isEqualTo("1.5 KiB");
    }

    @Test
    void appearsOnlyAfterAMomentAndEndsItsLine() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), true, now::get);

        bar.progress("uploading", 0, 10 * MIB);
        now.set(ProgressBar.SHOW_AFTER_NANOS / 2);
        bar.progress("uploading", MIB, 10 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .as("a quick stage shows nothing")
                .isEmpty();

        now.set(SECOND);
        bar.progress("uploading", 5 * MIB, 10 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("\ruploading    50% [")
                .doesNotContain("\n");

        now.set(SECOND + 1_000);
        bar.progress("uploading", 6 * MIB, 10 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8).split("\r"))
                .as("redrawn at most ten times a second")
                .hasSize(2);

        now.set(2 * SECOND);
        bar.progress("uploading", 10 * MIB, 10 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("100% [").endsWith(System.lineSeparator());
    }

    @Test
    void drawsNothingWhenNotOnATerminal() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), false, now::get);
        for (int i = 0; i <= 10; i++) {
            now.set(i * SECOND);
            bar.progress("downloading", i * MIB, 10 * MIB);
        }
        bar.finishLine();
        assertThat(out.size()).isZero();
    }

    @Test
    void overlappingStagesShareOneLineUntilTheLastOfThemFinishes() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), true, now::get);

        bar.progress("archiving", 0, 100 * MIB);
        bar.progress("uploading", 0, -1);
        now.set(SECOND);
        bar.progress("archiving", 48 * MIB, 100 * MIB);
        String first = out.toString(StandardCharsets.UTF_8);
        assertThat(first)
                .as("the stage started last is the bar, the other follows it")
                .startsWith("\ruploading   0 B")
                .endsWith("  (archiving 48%)")
                .doesNotContain("\n");

        now.set(2 * SECOND);
        bar.progress("archiving", 100 * MIB, 100 * MIB); // done: the line goes on with the upload alone
        String[] draws = out.toString(StandardCharsets.UTF_8).split("\r", -1);
        assertThat(draws[draws.length - 1])
                .startsWith("uploading   0 B")
                .doesNotContain("archiving")
                .hasSize(draws[draws.length - 2].length())
                .as("padded over the longer line before it")
                .endsWith("   ");
        now.set(3 * SECOND);
        bar.progress("uploading", 60 * MIB, 100 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\ruploading    60% [")
                .doesNotContain("\n");

        now.set(4 * SECOND);
        bar.progress("uploading", 100 * MIB, 100 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .endsWith(System.lineSeparator())
                .doesNotContain(System.lineSeparator() + "\r");
        now.set(5 * SECOND);
        bar.progress("downloading", 0, 10 * MIB);
        now.set(6 * SECOND);
        bar.progress("downloading", 5 * MIB, 10 * MIB);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .as("a stage after the line ended starts a new one")
                .endsWith(System.lineSeparator()
                        + "\rdownloading  50% [############------------] 5.0 MiB / 10.0 MiB  5.0 MiB/s  0:01 left");
    }
}

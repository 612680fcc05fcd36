package io.modelstore.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What Ctrl-C (or any signal that shuts the JVM down) does during a long command: the command's thread is interrupted
 * and given a few seconds to stop cleanly (an upload aborts what it sent), the progress line is ended, and one line
 * says what happened. The JVM then exits as the signal asks (130 for SIGINT).
 */
final class Interruption implements AutoCloseable {

    private static final long UNWIND_SECONDS = 5;

    private final Thread worker = Thread.currentThread();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean happened;
    private volatile boolean succeeded;

    /**
     * Watches the calling thread's command until {@link #close()}.
     *
     * @param notice the line to print, given whether the command succeeded before it could be stopped
     */
    Interruption(ProgressBar progress, PrintStream err, Function<Boolean, String> notice) {
        this.hook = new Thread(
                () -> {
                    happened = true;
                    worker.interrupt();
                    try {
                        finished.await(UNWIND_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    progress.finishLine();
                    err.println(notice.apply(succeeded));
                    err.flush();
                },
                "modelstore-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the JVM is shutting down under the command: its failure is then the interruption, told by the hook. */
    boolean happened() {
        return happened;
    }

    /** The command did what it was asked, whatever comes after. */
    void succeeded() {
        succeeded = true;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs: it prints once this thread is done
        }
    }
}

package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.function.Executable;

/** Runs a call on an interrupted thread, as a cancelled task would, and checks that the interrupt was kept. */
public final class Interrupts {

    private Interrupts() {}

    /** What {@code call} threw while its thread was interrupted (null if nothing); the thread is left uninterrupted. */
    public static Throwable whileInterrupted(Executable call) {
        Thread.currentThread().interrupt();
        Throwable thrown = null;
        try {
            call.execute();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }
        return thrown;
    }
}

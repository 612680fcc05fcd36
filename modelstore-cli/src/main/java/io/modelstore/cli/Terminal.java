package io.modelstore.cli;

import java.io.Console;

/** Whether this process talks to a terminal, on every Java from 17 on. */
final class Terminal {

    private Terminal() {}

    /**
     * The console when this process talks to a terminal, else null. Up to Java 21, {@link System#console()} is null
     * unless it does; from Java 22 on, where JLine is the default console, it is not null with redirected streams
     * either, and {@code Console.isTerminal()} (not in Java 17, hence found by reflection) tells.
     */
    @SuppressWarnings("SystemConsoleNull") // the null check decides up to Java 21 only: isTerminal() decides after
    static Console console() {
        Console console = System.console();
        if (console == null || Runtime.version().feature() < 22) {
            return console;
        }
        try {
            return Boolean.TRUE.equals(Console.class.getMethod("isTerminal").invoke(console)) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // a Java 22 or later without isTerminal() is not one to guess about
        }
    }
}

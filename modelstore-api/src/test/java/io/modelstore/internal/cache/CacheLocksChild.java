package io.modelstore.internal.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Another JVM taking cache locks, for {@link CacheLocksProcessesTest}: {@code <held> <wanted>} takes {@code held}
 * exclusively (printing {@code holding}), waits for a line on its standard input, then takes {@code wanted} too
 * (printing {@code got} or {@code failed <why>}) and lets both go.
 */
public final class CacheLocksChild {

    private CacheLocksChild() {}

    @SuppressWarnings("try") // a lock held for the block: the body never needs it by name
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (CacheLocks.Held held = CacheLocks.exclusive(Path.of(args[0]))) {
            System.out.println("holding");
            System.out.flush();
            in.readLine();
            try (CacheLocks.Held wanted = CacheLocks.exclusive(Path.of(args[1]))) {
                System.out.println("got");
            } catch (RuntimeException e) {
                System.out.println("failed " + e.getMessage());
            }
            System.out.flush();
        }
    }
}

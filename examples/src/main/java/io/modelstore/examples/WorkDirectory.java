package io.modelstore.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/** A temporary directory for an example's files, deleted with its contents when closed. */
final class WorkDirectory implements AutoCloseable {

    final Path path;

    WorkDirectory(String prefix) throws IOException {
        this.path = Files.createTempDirectory(prefix);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            Iterator<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).iterator();
            while (deepestFirst.hasNext()) {
                Files.delete(deepestFirst.next());
            }
        }
    }
}

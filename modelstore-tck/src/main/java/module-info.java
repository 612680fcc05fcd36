/**
 * The contract tests every backend runs (JUnit 5 classes to extend), the in-memory {@code memory} storage and the
 * {@code text} model loader that they use.
 */
module io.modelstore.tck {
    requires transitive io.modelstore;
    // The contracts are JUnit test classes that a backend's tests extend, with AssertJ in their helpers' API.
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    // The contracts' protected helpers take and give Jackson trees and Commons Compress tar streams.
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.apache.commons.compress;
    requires org.junit.jupiter.params;
    requires org.slf4j;
    // HeapPeaks reads the heap's peaks from the JVM's memory beans and GC notifications.
    requires java.management;
    requires jdk.management;

    exports io.modelstore.tck;
    // JUnit finds and calls the contracts' test methods (inherited by the classes that extend them) by reflection.
    opens io.modelstore.tck to
            org.junit.platform.commons;

    // As the META-INF/services files say, for the class path.
    provides io.modelstore.spi.StorageProvider with
            io.modelstore.tck.InMemoryStorageProvider;
    provides io.modelstore.ModelLoader with
            io.modelstore.tck.TextModelLoader;
}

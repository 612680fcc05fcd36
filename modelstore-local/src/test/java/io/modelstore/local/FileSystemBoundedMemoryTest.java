package io.modelstore.local;

import io.modelstore.tck.BoundedMemory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB model up and down through the file system by a JVM whose heap is 48 MiB. */
class FileSystemBoundedMemoryTest {

    @TempDir
    Path tmp;

    @Test
    void aModelTwentyTimesTheHeapGoesUpAndDown() throws Exception {
        BoundedMemory.roundTrip(tmp.resolve("store") + "?create=true", 1024, tmp, Map.of());
    }
}

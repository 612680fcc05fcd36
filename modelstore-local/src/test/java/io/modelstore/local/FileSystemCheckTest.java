package io.modelstore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.CheckReport.Finding;
import io.modelstore.CheckReport.Kind;
import io.modelstore.spi.Storage;
import io.modelstore.tck.CheckContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The store check on the file system, and the temporary files that its interrupted writes leave. */
class FileSystemCheckTest extends CheckContract {

    @Override
    protected Storage createStorage() {
        return new FileSystemStorage(tmp.resolve("store"), true);
    }

    @Test
    void aTemporaryFileOfAnInterruptedWriteIsRemovedOnceItIsOld() throws IOException {
        Path temp = Files.writeString(tmp.resolve("store/.modelstore-tmp/blob-123.tmp"), "half a blob");
        assertThat(storeFindings(store.check(true, Duration.ofHours(1)))).isEmpty();
        assertThat(temp).exists();

        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        assertThat(storeFindings(store.check(false, Duration.ofHours(1))))
                .extracting(Finding::kind, Finding::repaired)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.STORAGE_LEFTOVER, false));
        assertThat(temp).exists();
        assertThat(store.check(true, Duration.ofHours(1)).healthy()).isTrue();
        assertThat(temp).doesNotExist();
        assertThat(tmp.resolve("store/.modelstore-tmp/lock"))
                .as("the lock is not a leftover")
                .exists();
    }
}

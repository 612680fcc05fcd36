package io.modelstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.spi.BlobOutput;
import io.modelstore.spi.WriteCondition;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The streamed write of a storage that has none of its own ({@link io.modelstore.spi.Storage#openWrite}'s default,
 * which {@link InMemoryStorage} keeps): staged in a temporary file, written in one request at the commit, and told
 * sent then, all at once, only if it was written.
 */
class StagedBlobOutputTest {

    @Test
    void theBytesAreToldSentWhenTheCommitWroteThemAndNeverBefore() throws Exception {
        InMemoryStorage storage = new InMemoryStorage();
        AtomicLong told = new AtomicLong();
        try (BlobOutput out = storage.openWrite("a", WriteCondition.ifAbsent())) {
            out.onSent(told::addAndGet);
            out.write(new byte[3000], 0, 3000);
            out.write(7);
            assertThat(told.get()).as("only staged").isZero();
            assertThat(out.commit()).isTrue();
        }
        assertThat(told.get()).isEqualTo(3001);
        try (InputStream in = storage.read("a")) {
            assertThat(in.readAllBytes()).hasSize(3001);
        }

        AtomicLong toldOfRefused = new AtomicLong();
        try (BlobOutput out = storage.openWrite("a", WriteCondition.ifAbsent())) {
            out.onSent(toldOfRefused::addAndGet);
            out.write(new byte[10], 0, 10);
            assertThat(out.commit()).as("a blob is there").isFalse();
        }
        assertThat(toldOfRefused.get()).isZero();
    }
}

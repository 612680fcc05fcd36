package io.modelstore.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.spi.StorageException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedVersionTest {

    private static final ModelMetadata V1 =
            ModelMetadata.fromJson("{\"model\": {\"domain\": \"d\", \"model_id\": \"v1\"}}");
    private static final ModelMetadata V2 =
            ModelMetadata.fromJson("{\"model\": {\"domain\": \"d\", \"model_id\": \"v2\"}}");
    private static final Duration POLL = Duration.ofSeconds(30);

    @Test
    void aVersionThatCannotBeLoadedIsHeldBackUntilAnotherIsNewest() {
        FailedVersion failed =
                FailedVersion.after(null, V1, new ModelNotLoadableException("no runtime", null), POLL, 0);
        assertThat(failed.forGood()).isTrue();
        assertThat(failed.holdsBack(V1, Long.MAX_VALUE / 2))
                .as("however long after")
                .isTrue();
        assertThat(failed.holdsBack(V2, 0)).isFalse();
    }

    @Test
    void aPassingFailureIsTriedAgainAfterABackOffThatDoublesUpToItsLongest() {
        StorageException down = new StorageException(StorageException.Reason.UNREACHABLE, "down");
        FailedVersion first = FailedVersion.after(null, V1, down, POLL, 1_000);
        assertThat(first.forGood()).isFalse();
        assertThat(first.holdsBack(V1, 1_000 + POLL.toNanos() - 1)).isTrue();
        assertThat(first.holdsBack(V1, 1_000 + POLL.toNanos())).isFalse();

        FailedVersion second = FailedVersion.after(first, V1, new OutOfMemoryError(), POLL, 5_000);
        assertThat(second.backoffNanos()).isEqualTo(2 * POLL.toNanos());
        assertThat(second.retryAtNanos()).isEqualTo(5_000 + 2 * POLL.toNanos());

        FailedVersion last = first;
        for (int i = 0; i < 20; i++) {
            last = FailedVersion.after(last, V1, down, POLL, 0);
        }
        assertThat(last.backoffNanos()).isEqualTo(FailedVersion.LONGEST_BACKOFF.toNanos());
        assertThat(FailedVersion.after(last, V2, down, POLL, 0).backoffNanos())
                .as("another version starts over")
                .isEqualTo(POLL.toNanos());
    }
}

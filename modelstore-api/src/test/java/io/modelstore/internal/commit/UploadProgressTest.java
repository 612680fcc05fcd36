package io.modelstore.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an upload's overlapping stages are reported: archiving passed on, uploading as storage takes the bytes. */
class UploadProgressTest {

    private static final long MIB = 1 << 20;

    private record Event(String stage, long done, long total) {}

    private final List<Event> events = new ArrayList<>();
    private final UploadProgress progress =
            new UploadProgress((stage, done, total) -> events.add(new Event(stage, done, total)));

    @Test
    void theSendingStartsWithTheArchivingAndItsTotalIsEstimatedUntilTheArchiveIsComplete() throws IOException {
        progress.progress("archiving", 0, 40 * MIB);
        assertThat(events).containsExactly(new Event("archiving", 0, 40 * MIB), new Event("uploading", 0, -1));

        OutputStream archive = progress.counting(OutputStream.nullOutputStream());
        archive.write(new byte[(int) (5 * MIB)], 0, (int) (5 * MIB));
        archive.write(1);
        progress.progress("archiving", 10 * MIB, 40 * MIB); // a quarter of the files made 5 MiB and a byte
        events.clear();

        progress.sent(MIB - 1);
        assertThat(events).as("less than a MiB more: not yet").isEmpty();
        progress.sent(1);
        assertThat(events).containsExactly(new Event("uploading", MIB, 4 * (5 * MIB + 1)));

        progress.sent(MIB);
        progress.archiveComplete(21 * MIB);
        assertThat(events)
                .endsWith(
                        new Event("uploading", 2 * MIB, 4 * (5 * MIB + 1)), new Event("uploading", 2 * MIB, 21 * MIB));
    }

    @Test
    void untilTheArchiveIsCompleteTheStageNeverLooksFinished() throws IOException {
        progress.progress("archiving", 0, 10);
        progress.counting(OutputStream.nullOutputStream()).write(new byte[(int) (2 * MIB)]);
        progress.progress("archiving", 10, 10); // every file read, the archive not yet closed
        progress.sent(2 * MIB);
        assertThat(events).last().isEqualTo(new Event("uploading", 2 * MIB, 2 * MIB + 1));
    }

    @Test
    void theLastByteIsReportedOnceAndACommitOfBytesSentBeforeReportsTheWhole() {
        progress.progress("archiving", 0, 10);
        progress.archiveComplete(3 * MIB / 2);
        progress.sent(MIB / 2);
        progress.sent(MIB); // the last byte: reported though less than a MiB more
        progress.uploaded();
        assertThat(events)
                .filteredOn(e -> e.stage().equals("uploading"))
                .containsExactly(
                        new Event("uploading", 0, -1),
                        new Event("uploading", 0, 3 * MIB / 2),
                        new Event("uploading", 3 * MIB / 2, 3 * MIB / 2));

        events.clear();
        UploadProgress retried = new UploadProgress((stage, done, total) -> events.add(new Event(stage, done, total)));
        retried.archiveComplete(5 * MIB);
        retried.uploaded(); // a retry that found its archive already written: nothing was sent this time
        assertThat(events)
                .containsExactly(new Event("uploading", 0, 5 * MIB), new Event("uploading", 5 * MIB, 5 * MIB));
    }
}

package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule for a transfer's buffers, on the heaps that matter: the README's -Xmx64m, the test's -Xmx48m, larger. */
class TransferMemoryTest {

    private static final long MIB = 1L << 20;
    private static final long S3_MINIMUM = 5 * MIB;

    @Test
    void aTransferMayTakeAQuarterOfTheHeapButNeverLessThanTheFloor() {
        assertThat(TransferMemory.ofHeap(1024 * MIB).budget()).isEqualTo(256 * MIB);
        assertThat(TransferMemory.ofHeap(64 * MIB).budget())
                .isEqualTo(TransferMemory.FLOOR)
                .isEqualTo(16 * MIB);
        assertThat(TransferMemory.ofHeap(32 * MIB).budget()).as("the floor").isEqualTo(16 * MIB);
        TransferMemory memory = TransferMemory.ofHeap(1024 * MIB);
        assertThat(memory.archiveShare()).isEqualTo(64 * MIB);
        assertThat(memory.piecesShare()).isEqualTo(192 * MIB);
        assertThat(TransferMemory.ofThisHeap().budget())
                .isEqualTo(Math.max(16 * MIB, Runtime.getRuntime().maxMemory() / 4));
    }

    @Test
    void aLargeBufferCountsAsTheWholeRegionsItTakes() {
        assertThat(TransferMemory.heapTaken(100 << 10)).as("an ordinary object").isEqualTo(100 << 10);
        assertThat(TransferMemory.heapTaken(512 << 10))
                .as("half a region: humongous")
                .isEqualTo(MIB);
        assertThat(TransferMemory.heapTaken(MIB - (8 << 10))).isEqualTo(MIB);
        assertThat(TransferMemory.heapTaken(MIB)).as("1 MiB and a header").isEqualTo(2 * MIB);
        assertThat(TransferMemory.heapTaken(S3_MINIMUM)).isEqualTo(6 * MIB);
    }

    @Test
    void s3OnTheReadmesHeapSendsItsSmallestPartsOneAtATimeWhileTheNextFills() {
        TransferMemory memory = TransferMemory.ofHeap(64 * MIB);
        long part = memory.pieceSize(16 * MIB, S3_MINIMUM, 4);
        assertThat(part).isEqualTo(S3_MINIMUM);
        assertThat(memory.piecesInFlight(4, part)).isEqualTo(1);
        assertThat(memory.pieceSize(64 * MIB, S3_MINIMUM, 4))
                .as("a part size set larger than the heap holds")
                .isEqualTo(S3_MINIMUM);
    }

    @Test
    void aMidSizedHeapGetsSmallerPiecesRatherThanFewerInFlight() {
        TransferMemory memory = TransferMemory.ofHeap(256 * MIB); // 48 MiB for pieces: 5 of 16 MiB take 85
        long part = memory.pieceSize(16 * MIB, S3_MINIMUM, 4);
        assertThat(part).as("whole MiB, so GCS's 256 KiB unit holds too").isEqualTo(8 * MIB);
        assertThat(memory.piecesInFlight(4, part)).isEqualTo(4);
        assertThat(TransferMemory.ofHeap(8L << 30).pieceSize(16 * MIB, S3_MINIMUM, 4))
                .as("a large heap: as asked")
                .isEqualTo(16 * MIB);
        assertThat(memory.pieceSize(1000, 1, 4)).as("small pieces as they are").isEqualTo(1000);
        assertThat(memory.pieceSize(1, 300, 4)).as("never under the minimum").isEqualTo(300);
    }

    @Test
    void theBackendsPiecesInFlightAndTheOneFillingStayInTheirShareOnAnyHeapThatHoldsTheirMinimum() {
        long[][] backends = {{16 * MIB, S3_MINIMUM, 4}, {8 * MIB, MIB, 4}, {16 * MIB, 256 << 10, 2}}; // S3, Azure, GCS
        for (long heap = 16 * MIB; heap <= (16L << 30); heap += heap / 8) {
            TransferMemory memory = TransferMemory.ofHeap(heap);
            for (long[] backend : backends) {
                long size = memory.pieceSize(backend[0], backend[1], (int) backend[2]);
                int inFlight = memory.piecesInFlight((int) backend[2], size);
                assertThat(size).isBetween(backend[1], backend[0]);
                assertThat(inFlight).isBetween(1, (int) backend[2]);
                assertThat((inFlight + 1) * TransferMemory.heapTaken(size))
                        .as("heap %d MiB, pieces of %d", heap >> 20, size)
                        .isLessThanOrEqualTo(memory.piecesShare());
            }
        }
    }

    @Test
    void compressionGetsOneWindowOnASmallHeapAndOneACoreOnALargeOne() {
        long window = MIB - (8 << 10);
        long output = window + (window >> 8) + 64;
        assertThat(TransferMemory.windows(
                        2, window, output, TransferMemory.ofHeap(64 * MIB).archiveShare()))
                .isEqualTo(1);
        assertThat(TransferMemory.windows(2, window, output, 0))
                .as("never none")
                .isEqualTo(1);
        assertThat(TransferMemory.windows(
                        2, window, output, TransferMemory.ofHeap(1024 * MIB).archiveShare()))
                .isEqualTo(2);
        assertThat(TransferMemory.windows(64, window, output, 64 * MIB))
                .as("2 MiB a window, one more filling")
                .isEqualTo(31);
    }

    @Test
    void aDownloadReadsAheadAsFarAsItsBudgetHolds() {
        assertThat(TransferMemory.ofHeap(64 * MIB).readAhead(4, MIB - (8 << 10)))
                .isEqualTo(4);
        assertThat(TransferMemory.ofHeap(64 * MIB).readAhead(40, MIB - (8 << 10)))
                .isEqualTo(16);
        assertThat(TransferMemory.ofHeap(64 * MIB).readAhead(4, 64 * MIB))
                .as("never none")
                .isEqualTo(1);
    }
}

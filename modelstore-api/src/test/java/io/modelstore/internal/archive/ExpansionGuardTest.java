package io.modelstore.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpansionGuardTest {

    /** The sizes in its messages: bytes below a MiB, MiB below a GiB, one decimal only when it is not whole. */
    @ParameterizedTest(name = "{0} bytes read as {1}")
    @CsvSource({
        "1000, 1000 bytes",
        "1048575, 1048575 bytes",
        "1048576, 1 MiB",
        "1572864, 1.5 MiB",
        "67108864, 64 MiB",
        "1073741824, 1 GiB",
        "1610612736, 1.5 GiB"
    })
    void sizesAreWrittenForPeople(long bytes, String written) {
        assertThat(ExpansionGuard.size(bytes)).isEqualTo(written);
    }
}

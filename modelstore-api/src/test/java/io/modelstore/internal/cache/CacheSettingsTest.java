package io.modelstore.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.spi.ModelStoreException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model cache's settings as configuration gives them, and each error's text. */
class CacheSettingsTest {

    private static final String DIR = CacheSettings.DIR_VARIABLE;
    private static final String MAX = CacheSettings.MAX_BYTES_VARIABLE;

    @Test
    void sizesAreBytesOrPowersOf1024() {
        assertThat(CacheSettings.bytes("1048576", MAX)).isEqualTo(1L << 20);
        assertThat(CacheSettings.bytes("10G", MAX)).isEqualTo(10L << 30);
        assertThat(CacheSettings.bytes(" 512 MiB ", MAX)).isEqualTo(512L << 20);
        assertThat(CacheSettings.bytes("2t", MAX)).isEqualTo(2L << 40);
        for (String bad : new String[] {"", "0", "-5", "ten", "1.5G", "99999999999999T"}) {
            assertThatThrownBy(() -> CacheSettings.bytes(bad, MAX))
                    .as(bad)
                    .isInstanceOf(ModelStoreException.class)
                    .hasMessage(
                            MAX + " is '" + bad + "': give the bytes the model cache may hold, a positive number such "
                                    + "as 10737418240, or with K, M, G or T (powers of 1024) such as 10G.");
        }
    }

    @Test
    void bothSettingsOrNeither() {
        assertThat(CacheSettings.read(Map.of(), DIR, MAX)).isEmpty();
        assertThat(CacheSettings.read(Map.of(DIR, "/var/cache/models", MAX, "1G"), DIR, MAX))
                .contains(new CacheSettings(Path.of("/var/cache/models"), 1L << 30));
        assertThatThrownBy(() -> CacheSettings.read(Map.of(DIR, "/var/cache/models"), DIR, MAX))
                .hasMessage(
                        "MODEL_STORE_CACHE_DIR is set but MODEL_STORE_CACHE_MAX_BYTES is not: the model cache needs "
                                + "both, its directory and the bytes it may hold (such as 10G). Set MODEL_STORE_CACHE_MAX_BYTES, or "
                                + "unset MODEL_STORE_CACHE_DIR.");
        assertThatThrownBy(() -> CacheSettings.read(Map.of(MAX, "1G"), DIR, MAX))
                .hasMessageStartingWith("MODEL_STORE_CACHE_MAX_BYTES is set but MODEL_STORE_CACHE_DIR is not");
    }
}

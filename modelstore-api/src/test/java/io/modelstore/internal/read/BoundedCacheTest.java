package io.modelstore.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void keepsTheMostRecentlyUsedUpToItsSize() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache).containsOnlyKeys("a", "b");

        cache.get("a"); // used: "b" is now the eldest
        cache.put("c", 3);

        assertThat(cache).containsOnlyKeys("a", "c");
    }
}

package io.modelstore.internal.read;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps at most {@code max} entries, dropping the least recently used first. Not thread-safe. */
public final class BoundedCache<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;

    private final int max;

    BoundedCache(int max) {
        super(16, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}

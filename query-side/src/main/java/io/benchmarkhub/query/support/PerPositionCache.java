package io.benchmarkhub.query.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Results computed from a read model, each kept with the projection position it was computed at
 * ({@link ProjectionPositions}) and answered again while that position has not moved. At most {@code capacity} keys
 * (least recently used go first). When the position has moved, one caller per key recomputes and the others asking
 * for the same key wait for that result instead of computing it too.
 */
public final class PerPositionCache<K, V> {

    private record Kept<V>(String position, V value) {}

    private final Map<K, Kept<V>> entries;
    private final Object[] locks = new Object[16];

    public PerPositionCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Kept<V>> eldest) {
                return size() > capacity;
            }
        };
        for (int i = 0; i < locks.length; i++) locks[i] = new Object();
    }

    /** The value kept for {@code key} at {@code position}, else {@code compute}'s (kept from then on). */
    public V get(K key, String position, Supplier<V> compute) {
        V kept = kept(key, position);
        if (kept != null) return kept;
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            kept = kept(key, position);
            if (kept != null) return kept;
            V value = compute.get();
            synchronized (entries) {
                entries.put(key, new Kept<>(position, value));
            }
            return value;
        }
    }

    private V kept(K key, String position) {
        synchronized (entries) {
            Kept<V> entry = entries.get(key);
            return entry != null && entry.position().equals(position) ? entry.value() : null;
        }
    }
}

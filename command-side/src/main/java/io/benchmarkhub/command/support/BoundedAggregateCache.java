package io.benchmarkhub.command.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * A strongly referenced, least-recently-used aggregate cache of a fixed number of entries.
 * Axon's {@code WeakReferenceCache} loses an aggregate at the next young collection, so under
 * load nearly every command reloaded its benchmark from the event store; this keeps the
 * {@code capacity} most recently used ones.
 */
public class BoundedAggregateCache implements Cache {

    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public BoundedAggregateCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                boolean full = size() > capacity;
                if (full) listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                return full;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) listeners.forEach(l -> l.onEntryRead(key, value));
        return value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        boolean updated = entries.put(key, value) != null;
        listeners.forEach(l -> {
            if (updated) l.onEntryUpdated(key, value);
            else l.onEntryCreated(key, value);
        });
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) return false;
        put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) listeners.forEach(l -> l.onEntryRemoved(key));
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List.copyOf(entries.keySet()).forEach(this::remove);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}

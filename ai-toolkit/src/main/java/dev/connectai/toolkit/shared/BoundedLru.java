package dev.connectai.toolkit.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe least-recently-used map of at most {@code capacity} entries; capacity 0 keeps nothing. The one bounded
 * cache the plugins use (EmbedText's vector cache by text, its unchanged-text cache by record key).
 */
public final class BoundedLru<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> entries;

    public BoundedLru(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " < 0");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedLru.this.capacity;
            }
        };
    }

    public boolean enabled() {
        return capacity > 0;
    }

    public synchronized V get(K key) {
        return capacity == 0 ? null : entries.get(key);
    }

    public synchronized void put(K key, V value) {
        if (capacity > 0) {
            entries.put(key, value);
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}

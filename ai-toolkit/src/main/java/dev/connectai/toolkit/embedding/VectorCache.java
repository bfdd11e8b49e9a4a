package dev.connectai.toolkit.embedding;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded least-recently-used map from text to its vector. Size 0 disables it. */
public final class VectorCache {

    private final int capacity;
    private final LinkedHashMap<String, float[]> entries;

    public VectorCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > VectorCache.this.capacity;
            }
        };
    }

    public synchronized float[] get(String text) {
        return capacity == 0 ? null : entries.get(text);
    }

    public synchronized void put(String text, float[] vector) {
        if (capacity > 0) {
            entries.put(text, vector);
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}

package dev.connectai.toolkit.embedding;

import dev.connectai.toolkit.shared.BoundedLru;

/** A bounded least-recently-used map from text to its vector. Size 0 disables it. */
public final class VectorCache {

    private final BoundedLru<String, float[]> entries;

    public VectorCache(int capacity) {
        this.entries = new BoundedLru<>(capacity);
    }

    public float[] get(String text) {
        return entries.get(text);
    }

    public void put(String text, float[] vector) {
        entries.put(text, vector);
    }

    public int size() {
        return entries.size();
    }
}

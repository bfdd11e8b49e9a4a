package dev.connectai.embedding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import dev.connectai.toolkit.shared.BoundedLru;

/**
 * Per record key, the SHA-256 of the last text embedded and its vector, so a record whose text did not change
 * since its key's last record (a CDC update of other columns) reuses the vector without the model. A bounded LRU
 * (skip.unchanged.max.keys); belongs to one transform instance, so it is per task and lost on restart. Only the
 * hash of the text is kept, never the text.
 */
final class UnchangedTextCache {

    private record Entry(byte[] textHash, float[] vector) {
    }

    private final BoundedLru<Object, Entry> entries;

    UnchangedTextCache(int capacity) {
        this.entries = new BoundedLru<>(capacity);
    }

    /** Keys that can be remembered: a bytes key has no value equality. */
    private boolean usable(Object key) {
        return entries.enabled() && key != null && !(key instanceof byte[]);
    }

    /** The vector of {@code key}'s last text when that text was {@code text}; null otherwise. */
    float[] get(Object key, String text) {
        if (!usable(key)) {
            return null;
        }
        Entry e = entries.get(key);
        return e != null && Arrays.equals(e.textHash(), sha256(text)) ? e.vector() : null;
    }

    void put(Object key, String text, float[] vector) {
        if (usable(key)) {
            entries.put(key, new Entry(sha256(text), vector));
        }
    }

    int size() {
        return entries.size();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

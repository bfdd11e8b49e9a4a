package dev.connectai.toolkit.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference-counted resources shared by every task and transform in one worker JVM (one plugin class
 * loader). The first {@link #acquire} for a key creates the resource; the last {@link Lease#close()}
 * closes it. Creation happens under the lock on purpose: two tasks starting together must not both
 * load a 90 MB ONNX model.
 */
public final class SharedResources<K, V extends AutoCloseable> {

    private static final Logger log = LoggerFactory.getLogger(SharedResources.class);

    private final String kind;
    private final Map<K, Entry<V>> entries = new HashMap<>();
    private final AtomicLong creations = new AtomicLong();

    public SharedResources(String kind) {
        this.kind = kind;
    }

    public synchronized Lease<V> acquire(K key, Function<K, V> factory) {
        Objects.requireNonNull(key, "key");
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            V value = factory.apply(key);
            creations.incrementAndGet();
            entry = new Entry<>(value);
            entries.put(key, entry);
            log.info("Opened shared {} {}", kind, key);
        }
        entry.users++;
        return new Lease<>(this, key, entry.value);
    }

    private synchronized void release(K key, V value) {
        Entry<V> entry = entries.get(key);
        if (entry == null || entry.value != value) {
            return;
        }
        if (--entry.users > 0) {
            return;
        }
        entries.remove(key);
        try {
            value.close();
            log.info("Closed shared {} {} (last user released it)", kind, key);
        } catch (Exception e) {
            log.warn("Closing shared {} {} failed", kind, key, e);
        }
    }

    /** How many times a resource was created since this JVM loaded the pack (for metrics and tests). */
    public long creations() {
        return creations.get();
    }

    public synchronized int open() {
        return entries.size();
    }

    public synchronized int users(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? 0 : entry.users;
    }

    private static final class Entry<V> {
        final V value;
        int users;

        Entry(V value) {
            this.value = value;
        }
    }

    /** One user's hold on a shared resource; closing it twice is harmless. */
    public static final class Lease<V extends AutoCloseable> implements AutoCloseable {
        private final SharedResources<Object, V> owner;
        private final Object key;
        private final V value;
        private boolean closed;

        @SuppressWarnings("unchecked")
        private Lease(SharedResources<?, V> owner, Object key, V value) {
            this.owner = (SharedResources<Object, V>) owner;
            this.key = key;
            this.value = value;
        }

        public V get() {
            if (closed) {
                throw new IllegalStateException("lease already released");
            }
            return value;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                owner.release(key, value);
            }
        }
    }
}

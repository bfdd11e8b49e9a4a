package dev.connectai.qdrantapi;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;

/**
 * One collection: its creation request (echoed back by Get), its vector schema, its points ordered by id and
 * its payload indexes. Writers hold the write lock for a whole request, so a batch is applied all at once.
 */
final class StoredCollection {

    /** A payload index as created; the indexed-points count is computed when the collection is described. */
    static final class PayloadIndex {
        final PayloadSchemaType type;
        final PayloadIndexParams params;

        PayloadIndex(PayloadSchemaType type, PayloadIndexParams params) {
            this.type = type;
            this.params = params;
        }
    }

    final String name;
    final CreateCollection request;
    final VectorSchema schema;
    /** Null when the collection was created without strict mode enabled. */
    final StrictMode strictMode;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableMap<PointKey, StoredPoint> points = new TreeMap<>();
    private final Map<String, PayloadIndex> indexes = new TreeMap<>();
    // Qdrant numbers a collection's update operations from 1 (its WAL position).
    private long lastOperationId;

    StoredCollection(CreateCollection request) {
        this.name = request.getCollectionName();
        this.request = request;
        this.schema = VectorSchema.of(request);
        this.strictMode = request.hasStrictModeConfig() ? StrictMode.of(request.getStrictModeConfig()) : null;
    }

    <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Only under {@link #read} or {@link #write}. */
    NavigableMap<PointKey, StoredPoint> points() {
        return points;
    }

    /** Only under {@link #read} or {@link #write}. */
    Map<String, PayloadIndex> indexes() {
        return indexes;
    }

    /** Only under {@link #write}. */
    long nextOperationId() {
        return ++lastOperationId;
    }
}

package dev.connectai.qdrantapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.qdrant.client.grpc.JsonWithInt.Value;

/** One point as stored; immutable, so readers never see half an update. */
final class StoredPoint {

    final PointKey id;
    final Map<String, StoredVector> vectors;
    final Map<String, Value> payload;
    /** The operation that last changed this point, reported as a scored point's version. */
    final long version;

    StoredPoint(PointKey id, Map<String, StoredVector> vectors, Map<String, Value> payload, long version) {
        this.id = id;
        this.vectors = Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
        this.payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
        this.version = version;
    }
}

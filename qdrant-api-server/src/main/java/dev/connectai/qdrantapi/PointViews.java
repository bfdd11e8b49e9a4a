package dev.connectai.qdrantapi;

import java.util.LinkedHashMap;
import java.util.Map;

import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.NamedVectorsOutput;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SparseIndices;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;

/**
 * Stored points as Qdrant 1.16 sends them back. Vectors go out in the flat legacy fields ({@code data}, plus
 * {@code indices} for sparse and {@code vectors_count} for multi-vectors) because that is what the server still
 * fills in; the client's VectorOutputHelper reads both shapes.
 */
final class PointViews {

    private PointViews() {
    }

    static RetrievedPoint retrieved(StoredPoint p, WithPayloadSelector payload, boolean payloadByDefault,
            WithVectorsSelector vectors) {
        RetrievedPoint.Builder out = RetrievedPoint.newBuilder().setId(p.id.toGrpc())
                .putAllPayload(payload(p, payload, payloadByDefault));
        VectorsOutput v = vectors(p, vectors);
        if (v != null) {
            out.setVectors(v);
        }
        return out.build();
    }

    static ScoredPoint scored(StoredPoint p, float score, WithPayloadSelector payload,
            WithVectorsSelector vectors) {
        ScoredPoint.Builder out = ScoredPoint.newBuilder().setId(p.id.toGrpc()).setScore(score)
                .setVersion(p.version).putAllPayload(payload(p, payload, false));
        VectorsOutput v = vectors(p, vectors);
        if (v != null) {
            out.setVectors(v);
        }
        return out.build();
    }

    /** {@code selector} null or unset means the endpoint's default (true for Scroll, false elsewhere). */
    private static Map<String, Value> payload(StoredPoint p, WithPayloadSelector selector, boolean byDefault) {
        if (selector == null) {
            return byDefault ? p.payload : Map.of();
        }
        switch (selector.getSelectorOptionsCase()) {
            case ENABLE:
                return selector.getEnable() ? p.payload : Map.of();
            case INCLUDE: {
                Map<String, Value> out = new LinkedHashMap<>();
                for (String key : selector.getInclude().getFieldsList()) {
                    out = PayloadPath.deepMerge(out, PayloadPath.of(key).extractFrom(p.payload));
                }
                return out;
            }
            case EXCLUDE: {
                Map<String, Value> out = p.payload;
                for (String key : selector.getExclude().getFieldsList()) {
                    out = PayloadPath.of(key).removeFrom(out);
                }
                return out;
            }
            default:
                return byDefault ? p.payload : Map.of();
        }
    }

    private static VectorsOutput vectors(StoredPoint p, WithVectorsSelector selector) {
        if (selector == null) {
            return null;
        }
        Map<String, StoredVector> chosen;
        switch (selector.getSelectorOptionsCase()) {
            case ENABLE:
                if (!selector.getEnable()) {
                    return null;
                }
                chosen = p.vectors;
                break;
            case INCLUDE:
                chosen = new LinkedHashMap<>();
                for (String name : selector.getInclude().getNamesList()) {
                    if (p.vectors.containsKey(name)) {
                        chosen.put(name, p.vectors.get(name));
                    }
                }
                break;
            default:
                return null;
        }
        if (chosen.size() == 1 && chosen.containsKey(VectorSchema.DEFAULT_NAME)
                && !(chosen.get(VectorSchema.DEFAULT_NAME) instanceof StoredVector.Sparse)) {
            return VectorsOutput.newBuilder().setVector(output(chosen.get(VectorSchema.DEFAULT_NAME))).build();
        }
        NamedVectorsOutput.Builder named = NamedVectorsOutput.newBuilder();
        for (Map.Entry<String, StoredVector> e : chosen.entrySet()) {
            named.putVectors(e.getKey(), output(e.getValue()));
        }
        return VectorsOutput.newBuilder().setVectors(named).build();
    }

    @SuppressWarnings("deprecation")
    private static VectorOutput output(StoredVector v) {
        VectorOutput.Builder out = VectorOutput.newBuilder();
        if (v instanceof StoredVector.Dense) {
            for (float x : ((StoredVector.Dense) v).values) {
                out.addData(x);
            }
        } else if (v instanceof StoredVector.Sparse) {
            StoredVector.Sparse s = (StoredVector.Sparse) v;
            SparseIndices.Builder indices = SparseIndices.newBuilder();
            for (int i = 0; i < s.indices.length; i++) {
                out.addData(s.values[i]);
                indices.addData(s.indices[i]);
            }
            out.setIndices(indices);
        } else {
            float[][] rows = ((StoredVector.Multi) v).rows;
            for (float[] row : rows) {
                for (float x : row) {
                    out.addData(x);
                }
            }
            out.setVectorsCount(rows.length);
        }
        return out.build();
    }
}

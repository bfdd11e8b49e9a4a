package dev.connectai.qdrantapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points;

/**
 * The vectors a collection was created with, and the checks Qdrant applies to every vector written or queried.
 * An unnamed vector is the vector named "" (Qdrant's default vector name), which is why sending an unnamed vector
 * to a collection with only named vectors fails with "Not existing vector name error: " and an empty name.
 */
final class VectorSchema {

    static final String DEFAULT_NAME = "";
    private static final long MAX_DIMENSION = 65536;

    private final Map<String, VectorParams> dense;
    private final Set<String> sparse;
    /** The sparse vectors' modifiers as Qdrant keeps them (see {@link #sparseConfig}); absent: none given. */
    private final Map<String, Modifier> modifiers;

    private VectorSchema(Map<String, VectorParams> dense, Set<String> sparse, Map<String, Modifier> modifiers) {
        this.dense = dense;
        this.sparse = sparse;
        this.modifiers = modifiers;
    }

    static VectorSchema of(CreateCollection request) {
        Map<String, VectorParams> dense = new TreeMap<>();
        if (request.hasVectorsConfig()) {
            switch (request.getVectorsConfig().getConfigCase()) {
                case PARAMS:
                    dense.put(DEFAULT_NAME, checked("vectors_config.params", request.getVectorsConfig().getParams()));
                    break;
                case PARAMS_MAP:
                    for (Map.Entry<String, VectorParams> e
                            : request.getVectorsConfig().getParamsMap().getMapMap().entrySet()) {
                        dense.put(e.getKey(), checked("vectors_config.params_map." + e.getKey(), e.getValue()));
                    }
                    break;
                default:
                    break;
            }
        }
        Set<String> sparse = new TreeSet<>();
        Map<String, Modifier> modifiers = new TreeMap<>();
        if (request.hasSparseVectorsConfig()) {
            for (Map.Entry<String, SparseVectorParams> e : request.getSparseVectorsConfig().getMapMap().entrySet()) {
                String name = e.getKey();
                if (dense.containsKey(name)) {
                    throw QdrantErrors.wrongInput("Sparse vector name `" + name
                            + "` is already used by a dense vector");
                }
                sparse.add(name);
                Modifier modifier = modifier(e.getValue());
                if (modifier != null) {
                    modifiers.put(name, modifier);
                }
            }
        }
        return new VectorSchema(Collections.unmodifiableMap(dense), Collections.unmodifiableSet(sparse),
                Collections.unmodifiableMap(modifiers));
    }

    /**
     * The modifier Qdrant keeps for a sparse vector: the one given, where a number that is no modifier is silently
     * dropped, as if none were given (qdrant/qdrant lib/collection/src/operations/conversions.rs,
     * {@code TryFrom<api::grpc::qdrant::SparseVectorParams> for SparseVectorParams}: "Invalid values silently
     * converted to None"). An explicit {@code None} is kept and reported back.
     */
    private static Modifier modifier(SparseVectorParams params) {
        if (!params.hasModifier()) {
            return null;
        }
        Modifier modifier = params.getModifier();
        return modifier == Modifier.UNRECOGNIZED ? null : modifier;
    }

    /** The sparse vector's modifier, {@code Modifier.None} when none was given: {@code Idf} asks for IDF scoring. */
    Modifier sparseModifier(String name) {
        return modifiers.getOrDefault(name, Modifier.None);
    }

    /**
     * The sparse vectors' config as collection info reports it: as created, with each modifier as Qdrant keeps it
     * (qdrant/qdrant lib/collection/src/operations/conversions.rs, {@code From<SparseVectorParams> for
     * api::grpc::qdrant::SparseVectorParams}: the stored modifier, or none).
     */
    SparseVectorConfig sparseConfig(SparseVectorConfig created) {
        SparseVectorConfig.Builder out = SparseVectorConfig.newBuilder();
        for (Map.Entry<String, SparseVectorParams> e : created.getMapMap().entrySet()) {
            // Not toBuilder(): protobuf's builder copy throws on a modifier number it does not know.
            SparseVectorParams.Builder params = SparseVectorParams.newBuilder();
            if (e.getValue().hasIndex()) {
                params.setIndex(e.getValue().getIndex());
            }
            Modifier modifier = modifiers.get(e.getKey());
            if (modifier != null) {
                params.setModifier(modifier);
            }
            out.putMap(e.getKey(), params.build());
        }
        return out.build();
    }

    private static VectorParams checked(String field, VectorParams params) {
        if (params.getSize() < 1 || params.getSize() > MAX_DIMENSION) {
            throw QdrantErrors.validation(field + ".size",
                    "value " + params.getSize() + " invalid, must be from 1 to " + MAX_DIMENSION);
        }
        if (params.getDistance() == Distance.UnknownDistance || params.getDistance() == Distance.UNRECOGNIZED) {
            throw QdrantErrors.invalidArgument("Malformed distance parameter");
        }
        return params;
    }

    boolean isSparse(String name) {
        return sparse.contains(name);
    }

    VectorParams dense(String name) {
        return dense.get(name);
    }

    /** Checks one vector against the named slot and returns it in stored form (cosine vectors normalised). */
    StoredVector accept(String name, StoredVector vector) {
        VectorParams params = dense.get(name);
        if (params == null && !sparse.contains(name)) {
            throw QdrantErrors.wrongInput("Not existing vector name error: " + name);
        }
        if (params == null) {
            if (!(vector instanceof StoredVector.Sparse)) {
                throw QdrantErrors.wrongInput("Conversion between sparse and regular vectors failed");
            }
            return vector;
        }
        if (vector instanceof StoredVector.Sparse) {
            throw QdrantErrors.wrongInput("Conversion between sparse and regular vectors failed");
        }
        boolean multi = params.hasMultivectorConfig();
        if (multi && vector instanceof StoredVector.Dense) {
            // Qdrant expands a plain dense vector written to a multi-vector slot into a multi-vector of one row:
            // qdrant/qdrant lib/segment/src/data_types/vectors.rs, TryFrom<VectorInternal> for
            // MultiDenseVectorInternal ("expand single dense vector into multivector with a single vector").
            vector = new StoredVector.Multi(new float[][] {((StoredVector.Dense) vector).values});
        }
        if (multi != (vector instanceof StoredVector.Multi)) {
            throw QdrantErrors.wrongInput("Conversion between multi and regular vectors failed");
        }
        int expected = (int) params.getSize();
        if (vector instanceof StoredVector.Dense) {
            float[] values = ((StoredVector.Dense) vector).values;
            checkDimension(expected, values.length);
            return new StoredVector.Dense(Similarity.preprocess(params.getDistance(), values));
        }
        float[][] rows = ((StoredVector.Multi) vector).rows;
        if (rows.length == 0) {
            throw QdrantErrors.validation("vectors", "multi vector must contain at least one vector");
        }
        float[][] stored = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            checkDimension(expected, rows[i].length);
            stored[i] = Similarity.preprocess(params.getDistance(), rows[i]);
        }
        return new StoredVector.Multi(stored);
    }

    private static void checkDimension(int expected, int got) {
        if (expected != got) {
            throw QdrantErrors.wrongInput("Vector dimension error: expected dim: " + expected + ", got " + got);
        }
    }

    /**
     * Every vector of a point being written, read from the request; a single unnamed vector goes to the default
     * name. Errors here are conversion errors, which Qdrant answers before the operation reaches its WAL, so they
     * come back even with {@code wait=false}.
     */
    static Map<String, StoredVector> read(Points.Vectors vectors) {
        Map<String, StoredVector> out = new LinkedHashMap<>();
        switch (vectors.getVectorsOptionsCase()) {
            case VECTOR: {
                StoredVector v = VectorInputs.fromVector(vectors.getVector());
                if (v instanceof StoredVector.Sparse) {
                    throw QdrantErrors.invalidArgument("Sparse vector must be named");
                }
                out.put(DEFAULT_NAME, v);
                break;
            }
            case VECTORS:
                for (Map.Entry<String, Points.Vector> e : new TreeMap<>(vectors.getVectors().getVectorsMap())
                        .entrySet()) {
                    out.put(e.getKey(), VectorInputs.fromVector(e.getValue()));
                }
                break;
            default:
                throw QdrantErrors.invalidArgument("No Vector Provided");
        }
        return out;
    }

    /**
     * The vectors of one point checked against the collection, in stored form. These are Qdrant's segment-level
     * checks (qdrant/qdrant lib/segment/src/common/mod.rs {@code check_named_vectors}: vector name, sparse, multi
     * and regular slots, dimensions), made by its update worker after the operation was written to the WAL: with
     * {@code wait=false} the client has its {@code Acknowledged} by then and a failing point is only logged.
     */
    Map<String, StoredVector> acceptAll(Map<String, StoredVector> vectors) {
        Map<String, StoredVector> out = new LinkedHashMap<>();
        for (Map.Entry<String, StoredVector> e : vectors.entrySet()) {
            out.put(e.getKey(), accept(e.getKey(), e.getValue()));
        }
        return out;
    }
}

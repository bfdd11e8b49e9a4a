package dev.connectai.qdrantapi;

import java.util.Arrays;
import java.util.List;

import io.qdrant.client.grpc.Points;

/**
 * Reads the vectors a client sends into {@link StoredVector}s, before they are checked against a collection.
 * Clients older than Qdrant 1.13 use the flat {@code data}/{@code indices}/{@code vectors_count} fields, newer
 * ones the {@code dense}/{@code sparse}/{@code multi_dense} oneof: both are read.
 */
final class VectorInputs {

    private VectorInputs() {
    }

    @SuppressWarnings("deprecation")
    static StoredVector fromVector(Points.Vector v) {
        switch (v.getVectorCase()) {
            case DENSE:
                return new StoredVector.Dense(floats(v.getDense().getDataList()));
            case SPARSE:
                return sparse(v.getSparse().getIndicesList(), v.getSparse().getValuesList());
            case MULTI_DENSE:
                return multi(v.getMultiDense());
            case DOCUMENT:
            case IMAGE:
            case OBJECT:
                throw QdrantErrors.notSupportedHere("inference (documents, images, objects)");
            default:
                break;
        }
        if (v.hasIndices()) {
            return sparse(v.getIndices().getDataList(), v.getDataList());
        }
        if (v.hasVectorsCount()) {
            return legacyMulti(v.getDataList(), v.getVectorsCount());
        }
        return new StoredVector.Dense(floats(v.getDataList()));
    }

    /** A query vector; {@code id} inputs are resolved by the caller, which knows the collection. */
    static StoredVector fromQuery(Points.VectorInput v) {
        switch (v.getVariantCase()) {
            case DENSE:
                return new StoredVector.Dense(floats(v.getDense().getDataList()));
            case SPARSE:
                return sparse(v.getSparse().getIndicesList(), v.getSparse().getValuesList());
            case MULTI_DENSE:
                return multi(v.getMultiDense());
            case DOCUMENT:
            case IMAGE:
            case OBJECT:
                throw QdrantErrors.notSupportedHere("inference (documents, images, objects)");
            default:
                throw QdrantErrors.invalidArgument("Query vector is not set");
        }
    }

    static StoredVector.Sparse sparse(List<Integer> indices, List<Float> values) {
        if (indices.size() != values.size()) {
            throw QdrantErrors.validation("values", "must be the same length as indices");
        }
        Integer[] order = new Integer[indices.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Kept sorted by index so scoring is a merge; Qdrant stores them sorted as well.
        Arrays.sort(order, (a, b) -> Integer.compareUnsigned(indices.get(a), indices.get(b)));
        int[] sortedIndices = new int[order.length];
        float[] sortedValues = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedIndices[i] = indices.get(order[i]);
            sortedValues[i] = values.get(order[i]);
            if (i > 0 && sortedIndices[i] == sortedIndices[i - 1]) {
                throw QdrantErrors.validation("indices", "must be unique");
            }
        }
        return new StoredVector.Sparse(sortedIndices, sortedValues);
    }

    private static StoredVector.Multi multi(Points.MultiDenseVector m) {
        float[][] rows = new float[m.getVectorsCount()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = floats(m.getVectors(i).getDataList());
        }
        return new StoredVector.Multi(rows);
    }

    private static StoredVector.Multi legacyMulti(List<Float> data, int count) {
        if (count == 0 || data.size() % count != 0) {
            throw QdrantErrors.invalidArgument("Unable to convert to multi-dense vector: Validation error: Data "
                    + "length is not divisible by vectors count. Data length: " + data.size() + ", vectors count: "
                    + count);
        }
        int dim = data.size() / count;
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = floats(data.subList(i * dim, (i + 1) * dim));
        }
        return new StoredVector.Multi(rows);
    }

    static float[] floats(List<Float> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}

package dev.connectai.toolkit.sparse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sparse vector as Qdrant stores one: distinct indices, each with its value. Indices are unsigned 32-bit numbers
 * held in Java ints (Qdrant's {@code uint32}); they are ascending in unsigned order. The arrays are the vector's own:
 * callers must not change them.
 */
public record SparseVector(int[] indices, float[] values) {

    public static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

    public SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + values.length + " values");
        }
    }

    public int size() {
        return indices.length;
    }

    public boolean isEmpty() {
        return indices.length == 0;
    }

    /**
     * The indices as the boxed list Qdrant's client takes ({@code VectorFactory.vector(values, indices)}, a
     * {@code uint32} sent from the int's bits, so 2^31 held as Integer.MIN_VALUE arrives as 2^31).
     */
    public List<Integer> indexList() {
        List<Integer> out = new ArrayList<>(indices.length);
        for (int index : indices) {
            out.add(index);
        }
        return out;
    }

    /** The values as the boxed list Qdrant's client takes, in the order of {@link #indexList()}. */
    public List<Float> valueList() {
        List<Float> out = new ArrayList<>(values.length);
        for (float value : values) {
            out.add(value);
        }
        return out;
    }

    /** The value at {@code index}, 0 when the vector has none there. */
    public float valueAt(int index) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] == index) {
                return values[i];
            }
        }
        return 0f;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SparseVector that && Arrays.equals(indices, that.indices)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < indices.length; i++) {
            out.append(i == 0 ? "" : ", ").append(Integer.toUnsignedString(indices[i])).append('=').append(values[i]);
        }
        return out.append('}').toString();
    }
}

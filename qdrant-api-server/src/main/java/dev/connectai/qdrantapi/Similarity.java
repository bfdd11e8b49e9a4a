package dev.connectai.qdrantapi;

import io.qdrant.client.grpc.Collections.Distance;

/**
 * Qdrant's distance functions. Internally every metric is a similarity where larger is better (Euclid and
 * Manhattan are negated distances); what a client sees is post-processed back into a distance for those two, so
 * their results come nearest first with the smallest score.
 */
final class Similarity {

    private Similarity() {
    }

    /** Cosine collections store unit vectors; zero vectors and ones already of length 1 are left alone. */
    static float[] preprocess(Distance distance, float[] v) {
        if (distance != Distance.Cosine) {
            return v;
        }
        double squares = 0;
        for (float x : v) {
            squares += (double) x * x;
        }
        float length = (float) squares;
        if (length < Math.ulp(1.0f) || Math.abs(length - 1.0f) <= 1.0e-6f) {
            return v;
        }
        float norm = (float) Math.sqrt(squares);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    /** Larger is better, for every metric; both vectors already preprocessed. */
    static float internal(Distance distance, float[] a, float[] b) {
        double sum = 0;
        switch (distance) {
            case Euclid:
                for (int i = 0; i < a.length; i++) {
                    double d = a[i] - b[i];
                    sum -= d * d;
                }
                return (float) sum;
            case Manhattan:
                for (int i = 0; i < a.length; i++) {
                    sum -= Math.abs(a[i] - b[i]);
                }
                return (float) sum;
            default:
                for (int i = 0; i < a.length; i++) {
                    sum += (double) a[i] * b[i];
                }
                return (float) sum;
        }
    }

    /** The score a client sees for a dense comparison. */
    static float reported(Distance distance, float internal) {
        switch (distance) {
            case Euclid:
                return (float) Math.sqrt(Math.abs(internal));
            case Manhattan:
                return Math.abs(internal);
            default:
                return internal;
        }
    }

    /** ColBERT-style MaxSim: for each query row its best match among the stored rows, summed. */
    static float maxSim(Distance distance, float[][] query, float[][] stored) {
        float total = 0;
        for (float[] q : query) {
            float best = Float.NEGATIVE_INFINITY;
            for (float[] s : stored) {
                best = Math.max(best, internal(distance, q, s));
            }
            total += best;
        }
        return total;
    }

    /** Dot product over shared indices, or null when the two share none (such points are not candidates). */
    static Float sparseDot(StoredVector.Sparse a, StoredVector.Sparse b) {
        int i = 0;
        int j = 0;
        boolean overlap = false;
        double sum = 0;
        while (i < a.indices.length && j < b.indices.length) {
            int cmp = Integer.compareUnsigned(a.indices[i], b.indices[j]);
            if (cmp < 0) {
                i++;
            } else if (cmp > 0) {
                j++;
            } else {
                overlap = true;
                sum += (double) a.values[i] * b.values[j];
                i++;
                j++;
            }
        }
        return overlap ? (float) sum : null;
    }

    /** Whether a larger reported score is a better match; a score threshold is a lower bound then. */
    static boolean largerIsBetter(Distance distance) {
        return distance != Distance.Euclid && distance != Distance.Manhattan;
    }
}

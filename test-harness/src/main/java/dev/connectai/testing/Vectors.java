package dev.connectai.testing;

/** Comparing embedding vectors in tests and benchmarks. */
public final class Vectors {

    private Vectors() {
    }

    /** Cosine similarity, summed in double so that 384 float products do not lose the fourth decimal. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}

package dev.connectai.qdrantapi;

/** A vector as stored: dense, sparse (indices ascending) or multi-dense. Arrays are never mutated once stored. */
interface StoredVector {

    final class Dense implements StoredVector {
        final float[] values;

        Dense(float[] values) {
            this.values = values;
        }
    }

    final class Sparse implements StoredVector {
        final int[] indices;
        final float[] values;

        Sparse(int[] indices, float[] values) {
            this.indices = indices;
            this.values = values;
        }
    }

    final class Multi implements StoredVector {
        final float[][] rows;

        Multi(float[][] rows) {
            this.rows = rows;
        }
    }
}

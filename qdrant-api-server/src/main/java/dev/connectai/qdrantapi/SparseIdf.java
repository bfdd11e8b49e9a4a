package dev.connectai.qdrantapi;

import java.util.Collection;

/**
 * Qdrant's {@code modifier: idf} for sparse vectors: the query's weights are multiplied by each term's inverse
 * document frequency over what the collection holds at query time, so stored vectors carry only term frequencies.
 * The formula is qdrant/qdrant v1.16.2 lib/segment/src/data_types/query_context.rs {@code fancy_idf} and
 * {@code remap_idf_weights}: {@code idf = ln((N - df + 0.5) / (df + 0.5) + 1)}, where N is the number of vectors
 * of that name in the sparse index (lib/segment/src/segment/entry.rs {@code fill_query_context}, summing
 * {@code indexed_vectors()} of every segment) and df the length of the term's posting list
 * ({@code SparseVectorIndex::fill_idf_statistics}), both over the whole collection, not the query's filter; empty
 * sparse vectors are not indexed (lib/segment/src/index/sparse_index/sparse_vector_index.rs {@code update_vector}) and
 * count in neither. Here N and df count the live points, which is what Qdrant converges to but not what it answers
 * right after a delete: deleting a point only marks it deleted (lib/segment/src/segment/segment_ops.rs
 * {@code delete_point_internal} leaves the vector index alone), so its terms keep counting until an optimizer rebuilds
 * the segment, which for collections under 1000 vectors (vacuum_min_vector_number) may be never. Documented at
 * qdrant.tech/documentation/concepts/indexing ("IDF Modifier").
 */
final class SparseIdf {

    private SparseIdf() {
    }

    /** The query with every weight multiplied by its term's IDF. Under the collection's read lock. */
    static StoredVector.Sparse weighted(StoredVector.Sparse query, String using, Collection<StoredPoint> points) {
        int[] df = new int[query.indices.length];
        int n = 0;
        for (StoredPoint p : points) {
            StoredVector v = p.vectors.get(using);
            if (!(v instanceof StoredVector.Sparse) || ((StoredVector.Sparse) v).indices.length == 0) {
                continue;
            }
            n++;
            countShared(query.indices, ((StoredVector.Sparse) v).indices, df);
        }
        float[] values = new float[query.values.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = query.values[i] * idf(n, df[i]);
        }
        return new StoredVector.Sparse(query.indices, values);
    }

    /** {@code ln((N - df + 0.5) / (df + 0.5) + 1)} in float, as Qdrant computes it in f32. */
    static float idf(int n, int df) {
        float nf = n;
        float dff = df;
        return (float) Math.log((nf - dff + 0.5f) / (dff + 0.5f) + 1.0f);
    }

    /** Both index arrays sorted ascending (unsigned): a merge, counting each shared term once. */
    private static void countShared(int[] query, int[] stored, int[] df) {
        int i = 0;
        int j = 0;
        while (i < query.length && j < stored.length) {
            int cmp = Integer.compareUnsigned(query[i], stored[j]);
            if (cmp < 0) {
                i++;
            } else if (cmp > 0) {
                j++;
            } else {
                df[i]++;
                i++;
                j++;
            }
        }
    }
}

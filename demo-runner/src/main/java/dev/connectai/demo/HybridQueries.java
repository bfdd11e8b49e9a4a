package dev.connectai.demo;

import java.util.List;

import io.qdrant.client.QueryFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Points.Fusion;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;

/**
 * The Query API requests of the search command's three modes. Hybrid is Qdrant's hybrid query: a dense and a
 * sparse prefetch, each keeping {@link #prefetchLimit} candidates, fused by the root query (documented at
 * qdrant.tech/documentation/concepts/hybrid-queries). RRF scores a point {@code sum of 1 / (rank + 2)} over the
 * prefetches that found it (Qdrant's k is 2, ranks from 0), so a point both prefetches found beats one only
 * one found at the same rank: the pool is kept wide so the document an exact term finds is also among the dense
 * candidates.
 */
final class HybridQueries {

    /** Candidates per prefetch, at least; never fewer than the requested limit. */
    static final int PREFETCH_POOL = 100;

    private HybridQueries() {
    }

    static int prefetchLimit(int limit) {
        return Math.max(limit, PREFETCH_POOL);
    }

    static QueryPoints dense(String collection, CollectionVectors vectors, float[] dense, int limit) {
        return base(collection, limit).setQuery(QueryFactory.nearest(dense)).setUsing(vectors.dense).build();
    }

    static QueryPoints sparse(String collection, CollectionVectors vectors, SparseQuery sparse, int limit) {
        return base(collection, limit).setQuery(sparse.query()).setUsing(vectors.sparse).build();
    }

    static QueryPoints hybrid(String collection, CollectionVectors vectors, float[] dense, SparseQuery sparse,
            Fusion fusion, int limit) {
        long pool = prefetchLimit(limit);
        return base(collection, limit)
                .addPrefetch(PrefetchQuery.newBuilder().setQuery(QueryFactory.nearest(dense))
                        .setUsing(vectors.dense).setLimit(pool))
                .addPrefetch(PrefetchQuery.newBuilder().setQuery(sparse.query()).setUsing(vectors.sparse)
                        .setLimit(pool))
                .setQuery(QueryFactory.fusion(fusion)).build();
    }

    private static QueryPoints.Builder base(String collection, int limit) {
        return QueryPoints.newBuilder().setCollectionName(collection).setLimit(limit)
                .setWithPayload(WithPayloadSelectorFactory.enable(true));
    }

    /** A sparse query vector: term indices and their weights (Qdrant applies the IDF). */
    static final class SparseQuery {
        final List<Integer> indices;
        final List<Float> values;

        SparseQuery(List<Integer> indices, List<Float> values) {
            this.indices = indices;
            this.values = values;
        }

        boolean isEmpty() {
            return indices.isEmpty();
        }

        Query query() {
            return QueryFactory.nearest(values, indices);
        }
    }
}

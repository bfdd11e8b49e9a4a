package dev.connectai.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.SparseVectorParams;

/**
 * Which vectors of a collection the search command queries: its dense vector (the unnamed one, or the only named
 * one) and its BM25 sparse vector (the one named by {@code --sparse-vector}, else the only sparse vector created
 * with {@code modifier: idf}, which is how the sink creates its BM25 vector), read from the collection's info.
 */
final class CollectionVectors {

    /** The dense vector's name for {@code using}; "" is Qdrant's unnamed vector. */
    final String dense;
    /** The sparse vector's name, or null when the collection has none to search. */
    final String sparse;

    private CollectionVectors(String dense, String sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    /** {@code sparseOption}: the sparse vector's name as the user or the sink config gave it, or null. */
    static CollectionVectors of(CollectionInfo info, String sparseOption) {
        CollectionParams params = info.getConfig().getParams();
        String dense = "";
        if (params.getVectorsConfig().hasParamsMap()
                && params.getVectorsConfig().getParamsMap().getMapCount() == 1) {
            dense = params.getVectorsConfig().getParamsMap().getMapMap().keySet().iterator().next();
        }
        Map<String, SparseVectorParams> sparse = params.getSparseVectorsConfig().getMapMap();
        if (sparseOption != null) {
            if (!sparse.containsKey(sparseOption)) {
                throw new IllegalArgumentException("sparse vector '" + sparseOption + "' (--sparse-vector, or the sink "
                        + "config's sparse.bm25.vector): the collection has no sparse vector of that name (it has "
                        + sparse.keySet() + ")");
            }
            return new CollectionVectors(dense, sparseOption);
        }
        List<String> idf = new ArrayList<>();
        for (Map.Entry<String, SparseVectorParams> e : sparse.entrySet()) {
            if (e.getValue().getModifier() == Modifier.Idf) {
                idf.add(e.getKey());
            }
        }
        return new CollectionVectors(dense, idf.size() == 1 ? idf.get(0) : null);
    }
}

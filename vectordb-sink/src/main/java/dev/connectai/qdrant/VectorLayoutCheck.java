package dev.connectai.qdrant;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import org.apache.kafka.connect.errors.DataException;

/**
 * Checks a point's vectors against the collection's layout before it is sent: every name exists, each vector is
 * of its slot's kind (dense, sparse or multi-vector) and every dense row has the slot's dimension. These are the
 * checks Qdrant makes only after it has acknowledged a {@code wait=false} upsert (the segment's
 * {@code check_named_vectors}); a point failing one there is dropped with a server log line and nothing else.
 * Checking them here sends the record to the DLQ with the reason instead, whatever {@code upsert.wait} says.
 * As Qdrant does, a plain dense vector is accepted by a multi-vector slot (a multi-vector of one row).
 */
final class VectorLayoutCheck {

    private VectorLayoutCheck() {
    }

    private enum Kind {
        DENSE("a dense vector"), SPARSE("a sparse vector"), MULTI("a multi-vector");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** Throws a {@link DataException} naming the vector, the collection and what it expects. */
    static void check(String collection, CollectionCatalog.Layout layout, Vectors vectors) {
        switch (vectors.getVectorsOptionsCase()) {
            case VECTOR:
                checkOne(collection, layout, "", vectors.getVector());
                break;
            case VECTORS:
                // Sorted, so a record with several bad vectors always gets the same reason.
                for (Map.Entry<String, Vector> e : new TreeMap<>(vectors.getVectors().getVectorsMap()).entrySet()) {
                    checkOne(collection, layout, e.getKey(), e.getValue());
                }
                break;
            default:
                throw new DataException("the point for collection '" + collection + "' has no vector");
        }
    }

    private static void checkOne(String collection, CollectionCatalog.Layout layout, String name, Vector v) {
        String vector = name.isEmpty() ? "the unnamed vector" : "vector '" + name + "'";
        Kind kind = kind(v);
        Integer size = layout.dense().get(name);
        if (size == null && !layout.sparse().contains(name)) {
            if (name.isEmpty()) {
                throw new DataException("collection '" + collection + "' has only named vectors "
                        + names(layout) + "; this record has an unnamed vector. Configure "
                        + QdrantSinkConfig.NAMED_VECTORS + " to name it, or write to a collection with an unnamed vector");
            }
            throw new DataException("collection '" + collection + "' has no vector named '" + name + "' (it has "
                    + names(layout) + ")");
        }
        if (size == null) {
            if (kind != Kind.SPARSE) {
                throw mismatch(collection, vector, kind, name, "a sparse vector");
            }
            checkSparse(collection, vector, v);
            return;
        }
        boolean multiSlot = layout.multi().contains(name);
        if (kind == Kind.SPARSE || (kind == Kind.MULTI && !multiSlot)) {
            throw mismatch(collection, vector, kind, name, multiSlot ? "a multi-vector" : "a dense vector");
        }
        if (kind == Kind.DENSE) {
            int dims = dense(v).size();
            if (dims != size) {
                throw new DataException((name.isEmpty() ? "vector" : vector) + " has " + dims
                        + " dimensions, collection '" + collection + "' expects " + size);
            }
            return;
        }
        List<DenseVector> rows = multiRows(v);
        if (rows.isEmpty()) {
            throw new DataException(vector + " is a multi-vector with no rows; collection '" + collection
                    + "' needs at least one");
        }
        for (int i = 0; i < rows.size(); i++) {
            int dims = rows.get(i).getDataCount();
            if (dims != size) {
                throw new DataException(vector + " row " + i + " has " + dims + " dimensions, collection '"
                        + collection + "' expects " + size);
            }
        }
    }

    private static DataException mismatch(String collection, String vector, Kind kind, String name, String slot) {
        return new DataException(vector + " is " + kind.description + ", but '" + name + "' in collection '"
                + collection + "' is " + slot + "; check " + QdrantSinkConfig.SPARSE_VECTORS + ", "
                + QdrantSinkConfig.MULTI_VECTORS + " and " + QdrantSinkConfig.NAMED_VECTORS);
    }

    @SuppressWarnings("deprecation")
    private static Kind kind(Vector v) {
        switch (v.getVectorCase()) {
            case SPARSE:
                return Kind.SPARSE;
            case MULTI_DENSE:
                return Kind.MULTI;
            case DENSE:
                return Kind.DENSE;
            default:
                // Clients before Qdrant 1.13 use the flat fields: indices make it sparse, a count multi.
                return v.hasIndices() ? Kind.SPARSE : v.hasVectorsCount() ? Kind.MULTI : Kind.DENSE;
        }
    }

    @SuppressWarnings("deprecation")
    private static List<Float> dense(Vector v) {
        return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
    }

    @SuppressWarnings("deprecation")
    private static List<DenseVector> multiRows(Vector v) {
        if (v.hasMultiDense()) {
            return v.getMultiDense().getVectorsList();
        }
        int count = v.getVectorsCount();
        List<Float> data = v.getDataList();
        if (count <= 0 || data.size() % count != 0) {
            throw new DataException("multi-vector data of " + data.size() + " values does not split into " + count
                    + " rows");
        }
        int dims = data.size() / count;
        List<DenseVector> rows = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(DenseVector.newBuilder().addAllData(data.subList(i * dims, (i + 1) * dims)).build());
        }
        return rows;
    }

    @SuppressWarnings("deprecation")
    private static void checkSparse(String collection, String vector, Vector v) {
        List<Integer> indices = v.hasSparse() ? v.getSparse().getIndicesList() : v.getIndices().getDataList();
        int values = v.hasSparse() ? v.getSparse().getValuesCount() : v.getDataCount();
        if (indices.size() != values) {
            throw new DataException(vector + " has " + indices.size() + " indices but " + values
                    + " values (collection '" + collection + "')");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer i : indices) {
            if (!seen.add(i)) {
                throw new DataException(vector + " repeats index " + Integer.toUnsignedString(i)
                        + " (collection '" + collection + "')");
            }
        }
    }

    private static String names(CollectionCatalog.Layout layout) {
        Set<String> all = new java.util.TreeSet<>(layout.dense().keySet());
        all.addAll(layout.sparse());
        all.remove("");
        return all.toString();
    }
}

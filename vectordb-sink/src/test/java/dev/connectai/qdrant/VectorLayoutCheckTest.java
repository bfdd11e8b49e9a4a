package dev.connectai.qdrant;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.VectorFactory.multiVector;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VectorLayoutCheckTest {

    /** Named slots: dense "text" (3), multi-vector "colbert" (2), sparse "bm25". */
    private static final CollectionCatalog.Layout NAMED = new CollectionCatalog.Layout(
            Map.of("text", 3, "colbert", 2), Set.of("colbert"), Set.of("bm25"));
    private static final CollectionCatalog.Layout UNNAMED = new CollectionCatalog.Layout(
            Map.of("", 3), Set.of(), Set.of());

    private static Vector sparse(int... indices) {
        List<Float> values = new java.util.ArrayList<>();
        List<Integer> ints = new java.util.ArrayList<>();
        for (int i : indices) {
            ints.add(i);
            values.add(1f);
        }
        return vector(values, ints);
    }

    private static void check(CollectionCatalog.Layout layout, Vectors v) {
        VectorLayoutCheck.check("docs", layout, v);
    }

    @Test
    void vectorsThatFitTheirSlotsPass() {
        assertThatCode(() -> check(NAMED, namedVectors(Map.of("text", vector(1f, 2f, 3f),
                "colbert", multiVector(new float[][] {{1f, 0f}, {0f, 1f}}), "bm25", sparse(4, 9)))))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(UNNAMED, vectors(1f, 2f, 3f))).doesNotThrowAnyException();
    }

    @Test
    void aPlainDenseVectorFitsAMultiVectorSlotAsQdrantAcceptsIt() {
        assertThatCode(() -> check(NAMED, namedVectors(Map.of("colbert", vector(1f, 2f)))))
                .doesNotThrowAnyException();
    }

    @Test
    void aDenseVectorIntoASparseSlotIsRejected() {
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("bm25", vector(1f, 2f, 3f)))))
                .isInstanceOf(DataException.class)
                .hasMessage("vector 'bm25' is a dense vector, but 'bm25' in collection 'docs' is a sparse vector; "
                        + "check vector.sparse, vector.multi and vector.named");
    }

    @Test
    void aSparseVectorIntoADenseSlotIsRejected() {
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("text", sparse(1, 2)))))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("vector 'text' is a sparse vector, but 'text' in collection 'docs' is a dense vector");
    }

    @Test
    void aMultiVectorIntoADenseSlotIsRejected() {
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("text", multiVector(new float[][] {{1f, 2f, 3f}})))))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("vector 'text' is a multi-vector, but 'text' in collection 'docs' is a dense vector");
    }

    @Test
    void wrongDimensionsAreRejectedInEveryRow() {
        assertThatThrownBy(() -> check(UNNAMED, vectors(1f, 2f)))
                .hasMessage("vector has 2 dimensions, collection 'docs' expects 3");
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("text", vector(1f, 2f, 3f, 4f)))))
                .hasMessage("vector 'text' has 4 dimensions, collection 'docs' expects 3");
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("colbert",
                multiVector(new float[][] {{1f, 0f}, {0f, 1f, 2f}})))))
                .hasMessage("vector 'colbert' row 1 has 3 dimensions, collection 'docs' expects 2");
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("colbert", vector(1f, 2f, 3f)))))
                .hasMessage("vector 'colbert' has 3 dimensions, collection 'docs' expects 2");
    }

    @Test
    void unknownNamesAndAnUnnamedVectorInANamedCollectionAreRejected() {
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("image", vector(1f, 2f, 3f)))))
                .hasMessage("collection 'docs' has no vector named 'image' (it has [bm25, colbert, text])");
        assertThatThrownBy(() -> check(NAMED, vectors(1f, 2f, 3f)))
                .hasMessageStartingWith("collection 'docs' has only named vectors [bm25, colbert, text]; this record "
                        + "has an unnamed vector");
    }

    @Test
    void aSparseVectorWithRepeatedIndicesIsRejected() {
        assertThatThrownBy(() -> check(NAMED, namedVectors(Map.of("bm25", sparse(3, 7, 3)))))
                .hasMessage("vector 'bm25' repeats index 3 (collection 'docs')");
    }
}

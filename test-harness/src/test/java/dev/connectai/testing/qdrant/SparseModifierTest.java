package dev.connectai.testing.qdrant;

import java.util.Map;

import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.SparseIndexConfig;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorsFactory;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.PointIdFactory.id;
import static org.assertj.core.api.Assertions.assertThat;

/** A sparse vector's modifier is kept and reported back as Qdrant does (BM25 needs {@code modifier: idf}). */
class SparseModifierTest extends QdrantTargetTest {

    @Test
    void keepsAndReportsEachSparseModifier() throws Exception {
        SparseVectorParams idf = SparseVectorParams.newBuilder().setModifier(Modifier.Idf)
                .setIndex(SparseIndexConfig.newBuilder().setOnDisk(false)).build();
        SparseVectorParams none = SparseVectorParams.newBuilder().setModifier(Modifier.None).build();
        String name = collection(CreateCollection.newBuilder().setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                .putMap("bm25", idf).putMap("explicit-none", none)
                .putMap("plain", SparseVectorParams.getDefaultInstance())));

        Map<String, SparseVectorParams> reported = get(client.getCollectionInfoAsync(name)).getConfig().getParams()
                .getSparseVectorsConfig().getMapMap();

        assertThat(reported.get("bm25").hasModifier()).isTrue();
        assertThat(reported.get("bm25").getModifier()).isEqualTo(Modifier.Idf);
        assertThat(reported.get("bm25").getIndex().getOnDisk()).isFalse();
        assertThat(reported.get("explicit-none").hasModifier()).isTrue();
        assertThat(reported.get("explicit-none").getModifier()).isEqualTo(Modifier.None);
        assertThat(reported.get("plain").hasModifier()).isFalse();
    }

    @Test
    void aNumberThatIsNoModifierIsDroppedSilently() throws Exception {
        String name = collection(CreateCollection.newBuilder().setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                .putMap("odd", SparseVectorParams.newBuilder().setModifierValue(7).build())));

        SparseVectorParams reported = get(client.getCollectionInfoAsync(name)).getConfig().getParams()
                .getSparseVectorsConfig().getMapMap().get("odd");

        assertThat(reported.hasModifier()).isFalse();
    }

    @Test
    void anEmptySparseVectorIsAccepted() throws Exception {
        // A text of stop words only makes an empty BM25 vector; Qdrant validates only equal lengths and unique
        // indices (qdrant/qdrant lib/sparse/src/common/sparse_vector.rs, validation_test: "fully_empty" is ok).
        String name = collection(CreateCollection.newBuilder().setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                .putMap("bm25", SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build())));
        PointStruct point = PointStruct.newBuilder().setId(id(1))
                .setVectors(VectorsFactory.namedVectors(Map.of("bm25",
                        VectorFactory.vector(java.util.List.of(), java.util.List.of()))))
                .build();

        get(client.upsertAsync(name, java.util.List.of(point)));

        assertThat(get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(name).build()))
                .getResultCount()).isEqualTo(1);
    }
}

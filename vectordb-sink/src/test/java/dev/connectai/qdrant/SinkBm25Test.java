package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.sparse.Bm25Language;
import dev.connectai.toolkit.sparse.Bm25Settings;
import dev.connectai.toolkit.sparse.Bm25Stemming;
import dev.connectai.toolkit.sparse.Bm25StopWords;
import dev.connectai.toolkit.sparse.SparseVector;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.VectorOutput;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With sparse.bm25.vector each point (each chunk) carries the BM25 vector of its text, in an IDF collection. */
class SinkBm25Test {

    private static final String TEXT = "Error E-4411 means the pump lost pressure. Check the seals of pump P7 and "
            + "replace worn seals. If error E-4411 comes back, the pressure sensor itself may be broken and needs "
            + "a replacement from the spare parts catalogue.";

    private static QdrantTarget target;

    @BeforeAll
    static void start() {
        target = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Test
    void everyChunkCarriesTheBm25VectorOfItsText() throws Exception {
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "bm25-chunks", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, "", QdrantSinkConfig.CHUNK_SIZE, "16",
                QdrantSinkConfig.CHUNK_OVERLAP, "0", QdrantSinkConfig.BM25_VECTOR, "bm25");
        try (SinkTaskRun run = new SinkTaskRun(props);
             Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            run.put(List.of(new SinkRecord("docs", 0, null, "doc-1", null, Map.of("body", TEXT), 1)));
            assertThat(run.deadLetters).isEmpty();

            CollectionParams params = target.client().getCollectionInfoAsync("bm25-chunks")
                    .get(10, TimeUnit.SECONDS).getConfig().getParams();
            assertThat(params.getSparseVectorsConfig().getMapMap()).containsOnlyKeys("bm25");
            assertThat(params.getSparseVectorsConfig().getMapMap().get("bm25").getModifier())
                    .isEqualTo(Modifier.Idf);
            assertThat(params.getVectorsConfig().getParams().getSize()).isEqualTo(384);

            List<RetrievedPoint> points = scroll("bm25-chunks");
            assertThat(points).hasSizeGreaterThan(1);
            for (RetrievedPoint p : points) {
                String chunk = p.getPayloadMap().get(QdrantWriter.CHUNK_TEXT).getStringValue();
                Map<String, VectorOutput> vectors = p.getVectors().getVectors().getVectorsMap();
                assertThat(vectors).containsOnlyKeys("", "bm25");
                SparseVector expected = bm25.encodeDocument(chunk);
                assertThat(expected.isEmpty()).isFalse();
                assertThat(sparse(vectors.get("bm25"))).isEqualTo(expected);
            }
        }
    }

    @Test
    void withoutChunkingTheEmbeddedTextIsEncodedWithTheConfiguredSettings() throws Exception {
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "bm25-template",
                QdrantSinkConfig.EMBED_TEMPLATE, "${title}: ${body}", QdrantSinkConfig.VECTOR_FIELD, "",
                QdrantSinkConfig.BM25_VECTOR, "keywords", "sparse.bm25.stemming", "none",
                "sparse.bm25.stopwords", "none", "sparse.bm25.k1", "2", "sparse.bm25.b", "0.5",
                "sparse.bm25.avg.length", "20");
        Bm25Settings settings = new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.NONE,
                2, 0.5, 20);
        try (SinkTaskRun run = new SinkTaskRun(props); Bm25Encoder bm25 = new Bm25Encoder(settings)) {
            run.put(List.of(new SinkRecord("docs", 0, null, "doc-1", null,
                    Map.of("title", "Pump manual aivlts3m", "body", TEXT), 1)));
            assertThat(run.deadLetters).isEmpty();
            RetrievedPoint point = scroll("bm25-template").get(0);
            SparseVector stored = sparse(point.getVectors().getVectors().getVectorsMap().get("keywords"));
            assertThat(stored).isEqualTo(bm25.encodeDocument("Pump manual aivlts3m: " + TEXT));
            // abs(mmh3.hash("aivlts3m")) == 2^31: the top index goes through gRPC's uint32 and back.
            assertThat(stored.valueAt(Integer.MIN_VALUE)).isPositive();
            assertThat(stored.valueAt(Bm25Encoder.termIndex("the"))).isPositive();
            assertThat(stored.valueAt(Bm25Encoder.termIndex("seals"))).isPositive();
        }
    }

    @Test
    void aTextOfStopWordsOnlyGetsAnEmptyBm25Vector() throws Exception {
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "bm25-empty", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, "", QdrantSinkConfig.BM25_VECTOR, "bm25");
        try (SinkTaskRun run = new SinkTaskRun(props)) {
            run.put(List.of(new SinkRecord("docs", 0, null, "doc-1", null, Map.of("body", "To be or not to be."), 1)));
            assertThat(run.deadLetters).isEmpty();
            RetrievedPoint point = scroll("bm25-empty").get(0);
            assertThat(sparse(point.getVectors().getVectors().getVectorsMap().get("bm25")).isEmpty()).isTrue();
        }
    }

    @Test
    void anExistingCollectionWithoutTheSparseVectorIsAClearError() throws Exception {
        create("bm25-missing", SparseVectorConfig.getDefaultInstance());
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "bm25-missing", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, "", QdrantSinkConfig.BM25_VECTOR, "bm25");
        try (SinkTaskRun run = new SinkTaskRun(props)) {
            assertThatThrownBy(() -> run.put(List.of(
                    new SinkRecord("docs", 0, null, "doc-1", null, Map.of("body", TEXT), 1))))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("collection 'bm25-missing' has no sparse vector 'bm25'")
                    .hasMessageContaining("sparse.bm25.vector=bm25")
                    .hasMessageContaining("modifier idf");
        }
    }

    @Test
    void anExistingSparseVectorWithoutIdfIsAClearError() throws Exception {
        create("bm25-no-idf", SparseVectorConfig.newBuilder()
                .putMap("bm25", SparseVectorParams.getDefaultInstance()).build());
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "bm25-no-idf", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, "", QdrantSinkConfig.BM25_VECTOR, "bm25");
        try (SinkTaskRun run = new SinkTaskRun(props)) {
            assertThatThrownBy(() -> run.put(List.of(
                    new SinkRecord("docs", 0, null, "doc-1", null, Map.of("body", TEXT), 1))))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("sparse vector 'bm25' without modifier idf")
                    .hasMessageContaining("sparse.bm25.vector=bm25")
                    .hasMessageContaining("\"modifier\": \"idf\"");
        }
    }

    private static void create(String name, SparseVectorConfig sparse) throws Exception {
        target.client().createCollectionAsync(CreateCollection.newBuilder().setCollectionName(name)
                .setVectorsConfig(VectorsConfig.newBuilder().setParams(VectorParams.newBuilder().setSize(384)
                        .setDistance(Distance.Cosine)))
                .setSparseVectorsConfig(sparse).build()).get(10, TimeUnit.SECONDS);
    }

    private static List<RetrievedPoint> scroll(String collection) throws Exception {
        return target.client().scrollAsync(ScrollPoints.newBuilder().setCollectionName(collection).setLimit(100)
                .setWithVectors(WithVectorsSelectorFactory.enable(true)).build())
                .get(10, TimeUnit.SECONDS).getResultList();
    }

    @SuppressWarnings("deprecation")
    private static SparseVector sparse(VectorOutput v) {
        List<Integer> indices = v.hasSparse() ? v.getSparse().getIndicesList() : v.getIndices().getDataList();
        List<Float> values = v.hasSparse() ? v.getSparse().getValuesList() : v.getDataList();
        int[] i = indices.stream().mapToInt(Integer::intValue).toArray();
        float[] f = new float[values.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = values.get(k);
        }
        return new SparseVector(i, f);
    }
}

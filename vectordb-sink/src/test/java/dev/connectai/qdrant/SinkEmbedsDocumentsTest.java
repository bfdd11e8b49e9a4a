package dev.connectai.qdrant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.shared.SharedResources;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.connectai.testing.Vectors.cosine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink stores documents: with bge-small-en-v1.5-q, whose query form has an instruction before the text, a point's
 * vector is the document form of its text, and a query embedded in the query form finds it.
 */
class SinkEmbedsDocumentsTest {

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
    void pointsHoldTheDocumentForm() throws Exception {
        String text = "The parcel arrived two days late and the box was damaged.";
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "documents-form", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, "", "model.name", "bge-small-en-v1.5-q");
        try (SinkTaskRun run = new SinkTaskRun(props);
             SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(
                     EmbeddingModelSpec.local(LocalModelVariant.BGE_SMALL_EN_V15_Q))) {
            run.put(List.of(new SinkRecord("docs", 0, null, "doc-1", null, Map.of("body", text), 1)));
            assertThat(run.deadLetters).isEmpty();
            RetrievedPoint point = target.client().scrollAsync(ScrollPoints.newBuilder()
                    .setCollectionName("documents-form").setLimit(10)
                    .setWithVectors(WithVectorsSelectorFactory.enable(true)).build())
                    .get(10, TimeUnit.SECONDS).getResultList().get(0);
            var v = point.getVectors().getVector();
            List<Float> stored = v.hasDense() ? v.getDense().getDataList() : v.getDataList();
            float[] vector = new float[stored.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = stored.get(i);
            }
            float[] document = model.get().embed(text, TextRole.DOCUMENT, cut -> { });
            float[] query = model.get().embed(text, TextRole.QUERY, cut -> { });
            assertThat(cosine(vector, document)).isGreaterThanOrEqualTo(0.999999);
            assertThat(cosine(vector, query)).isLessThan(0.99);
        }
    }
}

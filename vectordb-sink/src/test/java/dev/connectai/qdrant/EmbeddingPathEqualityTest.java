package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.embedding.EmbedText;
import dev.connectai.testing.Vectors;
import dev.connectai.testing.VariedTexts;
import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.shared.SharedResources;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One vector per text, whatever path it takes: 200 varied texts (one word to 3,000 words, CJK, emoji, code) through
 * EmbedText record by record, through the sink's own embedding in batches of 1, 7, 64 and 200 records (read back
 * from the collection), and through the search command's single-text call in the query form, compared with EmbedText
 * set to the query form. Every pair
 * must agree to cosine 0.999999, int8 included: its activations are quantised per ONNX run, so this holds only
 * because each text runs alone.
 */
class EmbeddingPathEqualityTest {

    private static final double SAME = 0.999999;
    private static final int[] BATCHES = {1, 7, 64, 200};

    private static QdrantTarget target;

    @BeforeAll
    static void start() {
        target = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    /** The default plugin folder's models: fp32 and int8 MiniLM, int8 bge-small (which has a query form). */
    @ParameterizedTest
    @EnumSource(value = LocalModelVariant.class, names = {"ALL_MINILM_L6_V2", "ALL_MINILM_L6_V2_Q", "BGE_SMALL_EN_V15_Q"})
    void everyPathGivesEveryTextTheSameVector(LocalModelVariant variant) throws Exception {
        List<String> texts = VariedTexts.all();
        assertThat(texts).hasSize(200);
        assertThat(texts.stream().mapToInt(t -> t.split("\\s+").length).max().orElseThrow()).isEqualTo(3000);

        // The search command's call: one text, query form (the model's query prefix, if it has one).
        List<float[]> search = new ArrayList<>();
        try (SharedResources.Lease<EmbeddingModel> model =
                     SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(variant))) {
            for (String text : texts) {
                search.add(model.get().embed(text, TextRole.QUERY, cut -> { }));
            }
        }
        assertSame("EmbedText, model.input.type=query", viaEmbedText(variant, texts, "query"), "search", search,
                texts);
        List<float[]> smt = viaEmbedText(variant, texts, "document");
        for (int batch : BATCHES) {
            List<float[]> sink = viaSink(variant, texts, batch);
            assertSame("sink, batches of " + batch, sink, "EmbedText", smt, texts);
        }
    }

    private static void assertSame(String pathA, List<float[]> a, String pathB, List<float[]> b, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            assertThat(a.get(i)).as("%s text %d", pathA, i).isNotNull();
            double cosine = Vectors.cosine(a.get(i), b.get(i));
            assertThat(cosine).as("%s vs %s, text %d (%d chars)", pathA, pathB, i, texts.get(i).length())
                    .isGreaterThanOrEqualTo(SAME);
        }
    }

    private static List<float[]> viaEmbedText(LocalModelVariant variant, List<String> texts, String inputType) {
        List<float[]> out = new ArrayList<>();
        try (EmbedText<SinkRecord> smt = new EmbedText.Value<>()) {
            smt.configure(Map.of("input.field", "text", "output.field", "vector", "model.name", variant.modelName(),
                    "model.input.type", inputType, "cache.size", "0"));
            for (int i = 0; i < texts.size(); i++) {
                SinkRecord embedded = smt.apply(new SinkRecord("t", 0, null, null, null,
                        new HashMap<>(Map.of("text", texts.get(i))), i));
                @SuppressWarnings("unchecked")
                List<? extends Number> vector =
                        (List<? extends Number>) ((Map<String, Object>) embedded.value()).get("vector");
                float[] v = new float[vector.size()];
                for (int d = 0; d < v.length; d++) {
                    v[d] = vector.get(d).floatValue();
                }
                out.add(v);
            }
        }
        return out;
    }

    private static List<float[]> viaSink(LocalModelVariant variant, List<String> texts, int batch) throws Exception {
        String collection = "paths-" + variant.modelName() + "-" + batch;
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, collection, QdrantSinkConfig.EMBED_FIELD, "text",
                QdrantSinkConfig.VECTOR_FIELD, "", "model.name", variant.modelName());
        try (SinkTaskRun run = new SinkTaskRun(props)) {
            for (int from = 0; from < texts.size(); from += batch) {
                List<SinkRecord> records = new ArrayList<>();
                for (int i = from; i < Math.min(texts.size(), from + batch); i++) {
                    records.add(new SinkRecord("docs", 0, null, (long) i, null, Map.of("text", texts.get(i)), i));
                }
                run.put(records);
            }
            assertThat(run.deadLetters).isEmpty();
        }
        List<RetrievedPoint> points = target.client().scrollAsync(ScrollPoints.newBuilder()
                .setCollectionName(collection).setLimit(texts.size() + 10)
                .setWithVectors(WithVectorsSelectorFactory.enable(true)).build())
                .get(30, TimeUnit.SECONDS).getResultList();
        assertThat(points).hasSize(texts.size());
        float[][] vectors = new float[texts.size()][];
        for (RetrievedPoint p : points) {
            List<Float> data = VectorOutputHelper.getDenseVector(p.getVectors().getVector()).getDataList();
            float[] v = new float[data.size()];
            for (int d = 0; d < v.length; d++) {
                v[d] = data.get(d);
            }
            vectors[(int) p.getId().getNum()] = v;
        }
        return List.of(vectors);
    }
}

package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.metrics.PluginMetrics;
import dev.connectai.toolkit.sparse.Bm25Config;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-embed only what changed (embed.skip.unchanged): the model is called for new and changed texts only, the
 * payload follows every update, stored vectors stay, against the in-process Qdrant API server (or QDRANT_URL).
 */
class ChangeAwareWriterTest {

    private static QdrantTarget qdrant;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        qdrant.close();
    }

    /** A deterministic stand-in model that counts the texts it embeds. */
    static final class CountingModel implements EmbeddingModel {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public String id() {
            return "test/counting";
        }

        @Override
        public List<float[]> embedAll(List<String> in) {
            texts.addAndGet(in.size());
            List<float[]> out = new ArrayList<>();
            for (String t : in) {
                int h = t.hashCode();
                out.add(new float[] {1 + (h & 0xff), 1 + ((h >> 8) & 0xff), 1 + ((h >> 16) & 0xff), 1 + (h >>> 24)});
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    /** One sink: config, mapper, writer and model; writes records as one batch each. */
    private static final class Sink implements AutoCloseable {
        final String connector;
        final CountingModel model = new CountingModel();
        final RecordMapper mapper;
        final SinkMetrics metrics;
        final QdrantWriter writer;
        final List<DataException> bad = new ArrayList<>();

        Sink(String collection, String... more) {
            Map<String, String> props = new HashMap<>(Map.of("collection.name", collection,
                    "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl(), "embed.input.field", "body"));
            for (int i = 0; i < more.length; i += 2) {
                props.put(more[i], more[i + 1]);
            }
            QdrantSinkConfig config = new QdrantSinkConfig(props);
            connector = "change-aware-" + collection + "-" + System.nanoTime();
            mapper = new RecordMapper(config);
            metrics = new SinkMetrics(connector, "0");
            writer = new QdrantWriter(qdrant.client(), config, model, metrics, (r, e) -> bad.add(e));
        }

        void write(SinkRecord... records) {
            Map<String, DocumentWrite> last = new LinkedHashMap<>();
            for (SinkRecord r : records) {
                DocumentWrite w = mapper.map(r);
                last.remove(w.documentKey());
                last.put(w.documentKey(), w);
            }
            writer.write(last.values());
        }

        double metric(String name) {
            return PluginMetrics.registry().metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals(SinkMetrics.GROUP) && e.getKey().name().equals(name)
                            && connector.equals(e.getKey().tags().get("connector")))
                    .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
        }

        @Override
        public void close() {
            metrics.close();
        }
    }

    private static SinkRecord doc(String key, Map<String, Object> value) {
        return new SinkRecord("docs", 0, null, key, null, value, 1L);
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A Debezium update without schemas: op, source, before and after. */
    private static SinkRecord change(String key, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("op", before == null ? "c" : "u");
        envelope.put("source", Map.of("connector", "postgresql", "table", "docs"));
        envelope.put("before", before);
        envelope.put("after", after);
        return new SinkRecord("docs", 0, null, key, null, envelope, 1L);
    }

    private static List<RetrievedPoint> points(String collection) throws Exception {
        List<RetrievedPoint> out = new ArrayList<>(qdrant.client().scrollAsync(ScrollPoints.newBuilder()
                .setCollectionName(collection).setLimit(1000)
                .setWithPayload(WithPayloadSelectorFactory.enable(true))
                .setWithVectors(WithVectorsSelectorFactory.enable(true)).build())
                .get(10, TimeUnit.SECONDS).getResultList());
        out.sort(Comparator.comparingLong(p -> p.getPayloadMap().containsKey(QdrantWriter.CHUNK_INDEX)
                ? p.getPayloadMap().get(QdrantWriter.CHUNK_INDEX).getIntegerValue() : 0));
        return out;
    }

    @SuppressWarnings("deprecation")
    private static List<Float> vector(RetrievedPoint p) {
        var v = p.getVectors().getVector();
        return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
    }

    private static Map<String, Value> payload(RetrievedPoint p) {
        return p.getPayloadMap();
    }

    @Test
    void anUpdateWithTheSameTextWritesThePayloadOnly() throws Exception {
        String collection = "same-text-" + System.nanoTime();
        try (Sink sink = new Sink(collection)) {
            sink.write(doc("a", row("body", "a red bicycle", "price", 10, "colour", "red")));
            List<Float> before = vector(points(collection).get(0));
            assertThat(sink.model.texts).hasValue(1);

            sink.write(doc("a", row("body", "a red bicycle", "price", 12)));

            assertThat(sink.model.texts).as("no model call for the unchanged text").hasValue(1);
            RetrievedPoint p = points(collection).get(0);
            assertThat(payload(p).get("price").getIntegerValue()).isEqualTo(12);
            assertThat(payload(p)).as("a field the record no longer has disappears").doesNotContainKey("colour");
            assertThat(payload(p).get(EmbeddedTextHash.FIELD).getStringValue()).hasSize(64);
            assertThat(vector(p)).isEqualTo(before);
            assertThat(sink.metric("embeddings-skipped-total")).isEqualTo(1.0);
            assertThat(sink.metric("points-payload-updated-total")).isEqualTo(1.0);
            assertThat(sink.metric("texts-embedded-total")).isEqualTo(1.0);
            assertThat(sink.bad).isEmpty();
        }
    }

    @Test
    void aChangedTextIsEmbeddedAgain() throws Exception {
        String collection = "changed-text-" + System.nanoTime();
        try (Sink sink = new Sink(collection)) {
            sink.write(doc("a", row("body", "a red bicycle", "price", 10)), doc("b", row("body", "a blue car")));
            List<List<Float>> before = points(collection).stream().map(ChangeAwareWriterTest::vector).toList();
            sink.write(doc("a", row("body", "a green bicycle", "price", 10)), doc("b", row("body", "a blue car")));
            assertThat(sink.model.texts).as("2 inserts and 1 changed text").hasValue(3);
            assertThat(sink.metric("embeddings-skipped-total")).isEqualTo(1.0);
            List<List<Float>> after = points(collection).stream().map(ChangeAwareWriterTest::vector).toList();
            assertThat(after).hasSize(2);
            assertThat(after.stream().filter(before::contains).count()).as("only b's vector stays").isEqualTo(1);
        }
    }

    @Test
    void anotherModelNeverReusesAStoredVector() throws Exception {
        String collection = "model-change-" + System.nanoTime();
        try (Sink first = new Sink(collection, "model.name", "all-minilm-l6-v2-q")) {
            first.write(doc("a", row("body", "a red bicycle")));
        }
        try (Sink second = new Sink(collection, "model.name", "bge-small-en-v1.5-q")) {
            second.write(doc("a", row("body", "a red bicycle")));
            assertThat(second.model.texts).as("the hash covers the model").hasValue(1);
            assertThat(second.metric("embeddings-skipped-total")).isZero();
        }
    }

    @Test
    void anotherBm25SettingNeverKeepsAStoredVector() throws Exception {
        String collection = "bm25-change-" + System.nanoTime();
        try (Sink first = new Sink(collection, QdrantSinkConfig.BM25_VECTOR, "bm25")) {
            first.write(doc("a", row("body", "running shoes", "price", 10)));
            first.write(doc("a", row("body", "running shoes", "price", 11)));
            assertThat(first.model.texts).as("same text, same settings: kept").hasValue(1);
        }
        try (Sink second = new Sink(collection, QdrantSinkConfig.BM25_VECTOR, "bm25",
                Bm25Config.STEMMING, "none")) {
            second.write(doc("a", row("body", "running shoes", "price", 12)));
            assertThat(second.model.texts).as("the hash covers the BM25 settings").hasValue(1);
            assertThat(second.metric("embeddings-skipped-total")).isZero();
        }
    }

    @Test
    void switchedOffEveryUpdateIsEmbeddedAndNoHashIsStored() throws Exception {
        String collection = "switched-off-" + System.nanoTime();
        try (Sink sink = new Sink(collection, QdrantSinkConfig.EMBED_SKIP_UNCHANGED, "false")) {
            sink.write(doc("a", row("body", "a red bicycle", "price", 10)));
            sink.write(doc("a", row("body", "a red bicycle", "price", 11)));
            assertThat(sink.model.texts).hasValue(2);
            assertThat(payload(points(collection).get(0))).doesNotContainKey(EmbeddedTextHash.FIELD);
        }
    }

    @Test
    void aPointWithoutHashIsEmbeddedOnceThenSkipped() throws Exception {
        String collection = "no-hash-yet-" + System.nanoTime();
        try (Sink off = new Sink(collection, QdrantSinkConfig.EMBED_SKIP_UNCHANGED, "false")) {
            off.write(doc("a", row("body", "a red bicycle", "price", 10)));
        }
        try (Sink on = new Sink(collection)) {
            on.write(doc("a", row("body", "a red bicycle", "price", 11)));
            on.write(doc("a", row("body", "a red bicycle", "price", 12)));
            assertThat(on.model.texts).hasValue(1);
            assertThat(payload(points(collection).get(0)).get("price").getIntegerValue()).isEqualTo(12);
        }
    }

    private static String words(int n, String last) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("word").append(i).append(' ');
        }
        return b.append(last).toString();
    }

    @Test
    void chunkedDocumentsUnchangedChangedAndShrunk() throws Exception {
        String collection = "chunked-" + System.nanoTime();
        try (Sink sink = new Sink(collection, "chunk.size.tokens", "8", "chunk.overlap.tokens", "0")) {
            sink.write(doc("a", row("body", words(20, "end"), "price", 1)));
            List<RetrievedPoint> first = points(collection);
            int chunks = first.size();
            assertThat(chunks).isGreaterThan(2);
            assertThat(sink.model.texts).hasValue(chunks);

            // Unchanged text: every chunk keeps its vector, every chunk gets the new payload.
            sink.write(doc("a", row("body", words(20, "end"), "price", 2)));
            assertThat(sink.model.texts).hasValue(chunks);
            assertThat(sink.metric("embeddings-skipped-total")).isEqualTo(chunks);
            List<RetrievedPoint> second = points(collection);
            assertThat(second).hasSize(chunks);
            for (int i = 0; i < chunks; i++) {
                assertThat(payload(second.get(i)).get("price").getIntegerValue()).isEqualTo(2);
                assertThat(payload(second.get(i)).get(QdrantWriter.CHUNK_INDEX).getIntegerValue()).isEqualTo(i);
                assertThat(vector(second.get(i))).isEqualTo(vector(first.get(i)));
            }

            // One word changed in the last chunk: the document is embedded again.
            sink.write(doc("a", row("body", words(20, "finish"), "price", 3)));
            assertThat(sink.model.texts).hasValue(2 * chunks);

            // Shorter: fewer chunks, embedded, the surplus deleted as always.
            sink.write(doc("a", row("body", words(4, "end"), "price", 4)));
            List<RetrievedPoint> shrunk = points(collection);
            assertThat(shrunk.size()).isLessThan(chunks);
            assertThat(sink.model.texts).hasValue(2 * chunks + shrunk.size());
            shrunk.forEach(p -> assertThat(payload(p).get(QdrantWriter.CHUNK_COUNT).getIntegerValue())
                    .isEqualTo(shrunk.size()));

            // And unchanged again: skipped, no chunk lost.
            sink.write(doc("a", row("body", words(4, "end"), "price", 5)));
            assertThat(sink.model.texts).hasValue(2 * chunks + shrunk.size());
            assertThat(points(collection)).hasSize(shrunk.size());
        }
    }

    @Test
    void debeziumBeforeAndAfterDecideWithoutTrustingAMissingPoint() throws Exception {
        String collection = "debezium-" + System.nanoTime();
        try (Sink sink = new Sink(collection)) {
            // The first event seen is an update (a snapshot taken mid-stream): before equals after, but the
            // point does not exist yet, so it is embedded.
            sink.write(change("1", row("id", 1, "body", "a red bicycle", "price", 10),
                    row("id", 1, "body", "a red bicycle", "price", 11)));
            assertThat(sink.model.texts).hasValue(1);
            assertThat(points(collection)).hasSize(1);
            List<Float> stored = vector(points(collection).get(0));

            // Same text before and after, point stored: payload only.
            sink.write(change("1", row("id", 1, "body", "a red bicycle", "price", 11),
                    row("id", 1, "body", "a red bicycle", "price", 12)));
            assertThat(sink.model.texts).hasValue(1);
            assertThat(payload(points(collection).get(0)).get("price").getIntegerValue()).isEqualTo(12);
            assertThat(vector(points(collection).get(0))).isEqualTo(stored);

            // Another text after than before: embedded.
            sink.write(change("1", row("id", 1, "body", "a red bicycle", "price", 12),
                    row("id", 1, "body", "a red tandem", "price", 12)));
            assertThat(sink.model.texts).hasValue(2);
            assertThat(vector(points(collection).get(0))).isNotEqualTo(stored);

            // A before row that misreports the text (the stored point holds 'a red tandem'): the hash decides.
            sink.write(change("1", row("id", 1, "body", "a red bicycle", "price", 12),
                    row("id", 1, "body", "a red bicycle", "price", 13)));
            assertThat(sink.model.texts).hasValue(3);
            assertThat(sink.metric("embeddings-skipped-total")).isEqualTo(1.0);
            assertThat(sink.bad).isEmpty();
        }
    }

    @Test
    void aDeletedPointIsEmbeddedAgainOnTheNextUpdate() throws Exception {
        String collection = "deleted-" + System.nanoTime();
        try (Sink sink = new Sink(collection)) {
            sink.write(doc("a", row("body", "a red bicycle")));
            sink.write(new SinkRecord("docs", 0, null, "a", null, null, 2L));
            assertThat(points(collection)).isEmpty();
            sink.write(doc("a", row("body", "a red bicycle")));
            assertThat(sink.model.texts).hasValue(2);
            assertThat(points(collection)).hasSize(1);
        }
    }
}

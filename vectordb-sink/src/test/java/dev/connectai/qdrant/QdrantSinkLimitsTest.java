package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Bytes-bounded upserts, nesting depth and non-finite numbers, against the Qdrant the tests run on. */
class QdrantSinkLimitsTest {

    private static QdrantTarget qdrant;
    private static int collections;

    @BeforeAll
    static void startQdrant() {
        qdrant = QdrantTarget.forTests();
    }

    @org.junit.jupiter.api.AfterEach
    void removeFaults() {
        qdrant.faults().ifPresent(f -> f.clear());
    }

    @AfterAll
    static void stopQdrant() {
        qdrant.close();
    }

    private static String newTopic() {
        return "limits-" + (++collections) + "-" + System.nanoTime();
    }

    private static Map<String, Object> doc(int i) {
        Map<String, Object> v = new HashMap<>();
        v.put("n", (long) i);
        v.put("embedding", List.of(0.1 * (i + 1), 0.2, 0.3, 0.4));
        return v;
    }

    private static SinkRecord record(String topic, long key, Map<String, Object> value) {
        return new SinkRecord(topic, 0, null, key, null, value, key);
    }

    private static long count(String collection) throws Exception {
        return qdrant.client().countAsync(collection).get(10, TimeUnit.SECONDS);
    }

    private static Map<String, Value> payload(String collection, long key) throws Exception {
        List<RetrievedPoint> points = qdrant.client().scrollAsync(ScrollPoints.newBuilder()
                .setCollectionName(collection).setLimit(100).setWithPayload(WithPayloadSelectorFactory.enable(true))
                .build()).get(10, TimeUnit.SECONDS).getResultList();
        return points.stream().filter(p -> p.getId().getNum() == key).findFirst().orElseThrow().getPayloadMap();
    }

    private static double metric(String name) {
        return PluginMetrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(SinkMetrics.GROUP)
                        && "sink-under-test".equals(e.getKey().tags().get("connector")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> PluginMetrics() {
        return dev.connectai.toolkit.metrics.PluginMetrics.registry().metrics();
    }

    private static String text(int bytes) {
        return "x".repeat(bytes);
    }

    @Test
    void largeRecordsAreCutIntoRequestsUnderBatchMaxBytes() throws Exception {
        String topic = newTopic();
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> v = doc(i);
            v.put("body", text(900_000));
            records.add(record(topic, i, v));
        }
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl(),
                QdrantSinkConfig.BATCH_MAX_BYTES, String.valueOf(4 * 1024 * 1024)))) {
            double before = metric("batches-total");
            run.put(records);
            assertThat(run.deadLetters).isEmpty();
            assertThat(count(topic)).isEqualTo(40);
            // 4 records of ~900 KB fit in 4 MiB: at least 10 requests.
            assertThat(metric("batches-total") - before).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aRequestRefusedAsTooLargeIsSplitUntilItPasses() throws Exception {
        assumeThat(qdrant.isInProcess()).as("needs the in-process server's injected message cap").isTrue();
        // Qdrant itself has no gRPC size cap; a proxy in front of it may have one, as injected here.
        qdrant.faults().orElseThrow().capMessageSize(32 * 1024 * 1024);
        String topic = newTopic();
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> v = doc(i);
            v.put("body", text(1_000_000));
            records.add(record(topic, i, v));
        }
        // 40 MB in one request: the server refuses it (RESOURCE_EXHAUSTED), halves of 20 MB pass.
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl(),
                QdrantSinkConfig.BATCH_MAX_BYTES, String.valueOf(64 * 1024 * 1024)))) {
            run.put(records);
            assertThat(run.deadLetters).isEmpty();
            assertThat(count(topic)).isEqualTo(40);
        }
    }

    @Test
    void aSinglePointRefusedAsTooLargeGoesToTheDlqWithItsSize() throws Exception {
        assumeThat(qdrant.isInProcess()).as("needs the in-process server's injected message cap").isTrue();
        // Qdrant itself has no gRPC size cap; a proxy in front of it may have one, as injected here.
        qdrant.faults().orElseThrow().capMessageSize(32 * 1024 * 1024);
        String topic = newTopic();
        Map<String, Object> huge = doc(1);
        huge.put("body", text(34 * 1024 * 1024));
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl(),
                QdrantSinkConfig.BATCH_MAX_BYTES, String.valueOf(64 * 1024 * 1024)))) {
            run.put(List.of(record(topic, 0, doc(0)), record(topic, 1, huge), record(topic, 2, doc(2))));
            assertThat(run.deadLetters).singleElement().satisfies(d -> {
                assertThat(d.record().key()).isEqualTo(1L);
                assertThat(d.error().getMessage()).contains("bytes serialized").contains("too large")
                        .contains(QdrantSinkConfig.BATCH_MAX_BYTES);
            });
            assertThat(count(topic)).isEqualTo(2);
        }
    }

    @Test
    void aPointOverBatchMaxBytesGoesToTheDlqWithItsSizeAndTheRestIsWritten() throws Exception {
        String topic = newTopic();
        Map<String, Object> big = doc(1);
        big.put("body", text(200_000));
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl(),
                QdrantSinkConfig.BATCH_MAX_BYTES, String.valueOf(100_000)))) {
            run.put(List.of(record(topic, 0, doc(0)), record(topic, 1, big), record(topic, 2, doc(2))));
            assertThat(run.deadLetters).singleElement().satisfies(d -> {
                assertThat(d.record().key()).isEqualTo(1L);
                assertThat(d.error().getMessage()).containsPattern("the point is 2\\d{5} bytes serialized, over "
                        + "batch.max.bytes=100000");
            });
            assertThat(count(topic)).isEqualTo(2);
        }
    }

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> inner = new HashMap<>();
        inner.put("leaf", 1L);
        for (int i = 1; i < depth; i++) {
            Map<String, Object> outer = new HashMap<>();
            outer.put("a", inner);
            inner = outer;
        }
        return inner;
    }

    @Test
    void deepNestingGoesToTheDlqWithThePathAndNeverOverflowsTheStack() throws Exception {
        String topic = newTopic();
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl()))) {
            List<SinkRecord> batch = new ArrayList<>();
            batch.add(record(topic, 0, doc(0)));
            for (int depth : new int[] {1_000, 100_000}) {
                Map<String, Object> v = doc(depth);
                v.put("deep", nested(depth));
                batch.add(record(topic, depth, v));
            }
            Map<String, Object> deepKey = nested(100_000);
            batch.add(new SinkRecord(topic, 0, null, deepKey, null, doc(5), 5));
            batch.add(record(topic, 2, doc(2)));
            run.put(batch);
            assertThat(run.deadLetters).hasSize(3);
            assertThat(run.deadLetters.get(0).error().getMessage())
                    .contains("nested deeper than payload.max.depth=32 at $.deep.a.a.a")
                    .contains("… (32 levels)");
            assertThat(run.deadLetters.get(2).error().getMessage()).contains("at $key.a.a.a");
            assertThat(count(topic)).isEqualTo(2);
        }
    }

    @Test
    void theDefaultDepthLimitIsWhatQdrantsDecoderAccepts() throws Exception {
        String topic = newTopic();
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl()))) {
            Map<String, Object> v = doc(0);
            v.put("deep", nested(QdrantSinkConfig.PAYLOAD_DEPTH_DEFAULT - 1)); // the value itself is level 1
            Map<String, Object> tooDeep = doc(1);
            tooDeep.put("deep", nested(QdrantSinkConfig.PAYLOAD_DEPTH_DEFAULT));
            run.put(List.of(record(topic, 0, v), record(topic, 1, tooDeep)));
            assertThat(run.deadLetters).singleElement().satisfies(d -> assertThat(d.record().key()).isEqualTo(1L));
            assertThat(count(topic)).isEqualTo(1);
        }
    }

    @Test
    void pointsQdrantRejectsGoToTheDlqOneByOne() throws Exception {
        String topic = newTopic();
        // The sink checks vectors against the collection layout it read at its first write. A collection deleted
        // and recreated with another dimension behind its back passes that check, and Qdrant refuses the points
        // (INVALID_ARGUMENT "Vector dimension error").
        createDense(topic, 2);
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl(),
                QdrantSinkConfig.VECTOR_FIELD, "", QdrantSinkConfig.NAMED_VECTORS, "s:v"))) {
            run.put(List.of(record(topic, 100, Map.of("v", List.of(0.5, 0.5)))));
            assertThat(count(topic)).isEqualTo(1);
            qdrant.client().deleteCollectionAsync(topic).get(10, TimeUnit.SECONDS);
            createDense(topic, 3);
            List<SinkRecord> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Map<String, Object> v = new HashMap<>();
                v.put("v", List.of(0.5, 0.5));
                batch.add(record(topic, i, v));
            }
            run.put(batch);
            assertThat(run.deadLetters).hasSize(3).allSatisfy(d ->
                    assertThat(d.error().getMessage()).startsWith("Qdrant rejected the point: "));
            assertThat(count(topic)).isZero();
        }
    }

    private static void createDense(String collection, int size) throws Exception {
        qdrant.client().createCollectionAsync(collection, Map.of("s", io.qdrant.client.grpc.Collections.VectorParams
                .newBuilder().setSize(size).setDistance(io.qdrant.client.grpc.Collections.Distance.Cosine).build()))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void deeplyNestedJsonTextIsStoredAsTextAndJsonParsingIsBoundedByTheConverter() throws Exception {
        String topic = newTopic();
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        // Connect's JsonConverter parses with Jackson, whose default nesting limit (1000) applies before the sink.
        String deepJson = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> converter.toConnectData(topic, ("{\"x\":" + deepJson + "}").getBytes()))
                .isInstanceOf(org.apache.kafka.connect.errors.DataException.class);
        Object parsed = converter.toConnectData(topic,
                ("{\"embedding\":[1,2,3,4],\"x\":" + "[".repeat(900) + "]".repeat(900) + "}").getBytes()).value();
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl()))) {
            Map<String, Object> text = doc(0);
            text.put("json", deepJson); // a string is a string, however it looks
            @SuppressWarnings("unchecked")
            Map<String, Object> deep = (Map<String, Object>) parsed;
            run.put(List.of(record(topic, 0, text), record(topic, 1, deep)));
            assertThat(run.deadLetters).singleElement().satisfies(d ->
                    assertThat(d.error().getMessage()).contains("at $.x[0][0]"));
            assertThat(payload(topic, 0).get("json").getStringValue()).hasSize(200_000);
        }
    }

    @Test
    void nonFiniteNumbersBecomeNullByDefault() throws Exception {
        String topic = newTopic();
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl()))) {
            Map<String, Object> v = doc(0);
            v.put("nan", Double.NaN);
            v.put("inf", Float.POSITIVE_INFINITY);
            v.put("nested", Map.of("list", List.of(1.5, Double.NEGATIVE_INFINITY)));
            run.put(List.of(record(topic, 0, v)));
            assertThat(run.deadLetters).isEmpty();
            Map<String, Value> p = payload(topic, 0);
            assertThat(p.get("nan").hasNullValue()).isTrue();
            assertThat(p.get("inf").hasNullValue()).isTrue();
            List<Value> list = p.get("nested").getStructValue().getFieldsMap().get("list").getListValue().getValuesList();
            assertThat(list.get(0).getDoubleValue()).isEqualTo(1.5);
            assertThat(list.get(1).hasNullValue()).isTrue();
        }
    }

    @Test
    void nonFiniteNumbersCanSendTheRecordToTheDlqWithThePath() throws Exception {
        String topic = newTopic();
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(qdrant.grpcUrl(),
                QdrantSinkConfig.PAYLOAD_NON_FINITE, "FAIL"))) {
            Map<String, Object> v = doc(1);
            v.put("nested", Map.of("list", List.of(1.5, Double.NaN)));
            run.put(List.of(record(topic, 0, doc(0)), record(topic, 1, v)));
            assertThat(run.deadLetters).singleElement().satisfies(d -> assertThat(d.error().getMessage())
                    .contains("payload field $.nested.list[1] is NaN").contains("payload.non.finite=null"));
            assertThat(count(topic)).isEqualTo(1);
        }
    }
}

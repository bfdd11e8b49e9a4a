package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.metrics.PluginMetrics;
import io.qdrant.client.PointIdFactory;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The writer against the in-process Qdrant API server (or a real Qdrant when QDRANT_URL is set). */
class QdrantWriterTest {

    private static QdrantTarget qdrant;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        qdrant.close();
    }

    private static boolean exists(String collection) throws Exception {
        return qdrant.client().collectionExistsAsync(collection).get();
    }

    @Test
    void tombstonesForAMissingCollectionDeleteNothingAndCreateNothing() throws Exception {
        String collection = "missing-" + System.nanoTime();
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", collection,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl()));
        List<DataException> bad = new ArrayList<>();
        try (SinkMetrics metrics = new SinkMetrics("writer-test-" + collection, "0")) {
            QdrantWriter writer = new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> bad.add(e));
            SinkRecord tombstone = new SinkRecord("docs", 0, null, "7", null, null, 3L);
            writer.write(List.of(new DocumentWrite.Delete(collection, PointIdFactory.id(7), tombstone),
                    new DocumentWrite.Delete(collection, PointIdFactory.id(8), tombstone)));
        }
        assertThat(bad).isEmpty();
        assertThat(exists(collection)).as("a delete creates no collection").isFalse();
    }

    @Test
    void writesToACollectionBehindAnAliasAndChecksVectorsAgainstIt() throws Exception {
        String target = "aliased-" + System.nanoTime();
        String alias = "alias-" + System.nanoTime();
        qdrant.client().createCollectionAsync(target, io.qdrant.client.grpc.Collections.VectorParams.newBuilder()
                .setSize(2).setDistance(io.qdrant.client.grpc.Collections.Distance.Cosine).build()).get();
        qdrant.client().createAliasAsync(alias, target).get();
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", alias,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl()));
        List<DataException> bad = new ArrayList<>();
        try (SinkMetrics metrics = new SinkMetrics("writer-test-" + alias, "0")) {
            QdrantWriter writer = new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> bad.add(e));
            RecordMapper mapper = new RecordMapper(config);
            writer.write(List.of(
                    mapper.map(new SinkRecord("docs", 0, null, "1", null, Map.of("embedding", List.of(1.0, 0.0)), 1L)),
                    mapper.map(new SinkRecord("docs", 0, null, "2", null,
                            Map.of("embedding", List.of(1.0, 0.0, 0.0)), 2L))));
        } finally {
            assertThat(qdrant.client().listCollectionsAsync().get()).as("auto-create made no collection named like "
                    + "the alias").doesNotContain(alias);
        }
        assertThat(qdrant.client().countAsync(target).get()).isEqualTo(1L);
        assertThat(bad).as("the 3-dimensional vector is checked against the aliased 2-dimensional collection")
                .singleElement().satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("vector has 3 dimensions, collection '" + alias + "' expects 2"));
        qdrant.client().deleteCollectionAsync(target).get();
    }

    @Test
    void anUpsertAfterOnlyDeletesStillCreatesTheCollection() throws Exception {
        String collection = "later-" + System.nanoTime();
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", collection,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl()));
        try (SinkMetrics metrics = new SinkMetrics("writer-test-" + collection, "0")) {
            QdrantWriter writer = new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> {
                throw e;
            });
            SinkRecord tombstone = new SinkRecord("docs", 0, null, "7", null, null, 3L);
            writer.write(List.of(new DocumentWrite.Delete(collection, PointIdFactory.id(7), tombstone)));
            RecordMapper mapper = new RecordMapper(config);
            SinkRecord doc = new SinkRecord("docs", 0, null, "7", null,
                    Map.of("embedding", List.of(1.0, 0.0), "title", "t"), 4L);
            writer.write(List.of(mapper.map(doc)));
        }
        assertThat(exists(collection)).isTrue();
        assertThat(qdrant.client().countAsync(collection).get()).isEqualTo(1L);
    }

    @Test
    void writeLagRunsFromEachRecordTimestampToTheAcknowledgedUpsert() throws Exception {
        String collection = "lag-" + System.nanoTime();
        String connector = "writer-test-" + collection;
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", collection,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl(), "batch.size", "16"));
        RecordMapper mapper = new RecordMapper(config);
        long start = System.currentTimeMillis();
        long recent = start - 2_000;
        long old = start - 600_000;
        List<DocumentWrite> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // 98 records two seconds old, then two ten minutes old: written last, they must not move the gauge back.
            writes.add(mapper.map(record(collection, i, i < 98 ? recent : old)));
        }
        writes.add(mapper.map(record(collection, 100, null)));
        try (SinkMetrics metrics = new SinkMetrics(connector, "0")) {
            new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> {
                throw e;
            }).write(writes);
            long took = System.currentTimeMillis() - start;
            assertThat(qdrant.client().countAsync(collection).get()).isEqualTo(101L);
            // Percentiles read the lower edge of their bucket: up to sqrt(0.9 * lag) ms low.
            assertThat(sinkMetric(connector, "record-write-lag-ms-p50")).isBetween(2_000.0 - 43, 2_000.0 + took);
            assertThat(sinkMetric(connector, "record-write-lag-ms-p99")).isBetween(600_000.0 - 735, 600_000.0 + took);
            assertThat(sinkMetric(connector, "record-write-lag-ms-max")).isBetween(600_000.0, 600_000.0 + took);
            assertThat(sinkMetric(connector, "last-written-record-timestamp-ms")).isEqualTo((double) recent, within(0.0));
        }
    }

    @Test
    void recordsWithoutTimestampLeaveTheFreshnessMetricsEmpty() throws Exception {
        String collection = "no-ts-" + System.nanoTime();
        String connector = "writer-test-" + collection;
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", collection,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl()));
        RecordMapper mapper = new RecordMapper(config);
        try (SinkMetrics metrics = new SinkMetrics(connector, "0")) {
            new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> {
                throw e;
            }).write(List.of(mapper.map(record(collection, 1, null)), mapper.map(record(collection, 2, null))));
            assertThat(qdrant.client().countAsync(collection).get()).isEqualTo(2L);
            assertThat(sinkMetric(connector, "points-upserted-total")).isEqualTo(2.0);
            assertThat(sinkMetric(connector, "record-write-lag-ms-p50")).isNaN();
            assertThat(sinkMetric(connector, "last-written-record-timestamp-ms")).isZero();
        }
    }

    private static SinkRecord record(String topic, int key, Long timestamp) {
        return new SinkRecord(topic, 0, null, Integer.toString(key), null,
                Map.of("embedding", List.of(1.0, 0.5), "title", "t" + key), key, timestamp,
                timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME);
    }

    private static double sinkMetric(String connector, String name) {
        return PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SinkMetrics.GROUP) && e.getKey().name().equals(name)
                        && connector.equals(e.getKey().tags().get("connector")))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }
}

package dev.connectai.synthetic;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamShapeTest {

    static final String AVRO = """
            {"type": "record", "name": "Review", "namespace": "shop",
             "fields": [
               {"name": "review_id", "type": {"type": "string", "logicalType": "uuid"}},
               {"name": "reviewer", "type": "string", "faker": "#{Name.fullName}"},
               {"name": "email", "type": "string"},
               {"name": "stars", "type": "int"},
               {"name": "rating", "type": {"type": "enum", "name": "Rating", "symbols": ["BAD", "OK", "GOOD"]}},
               {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 8, "scale": 2}},
               {"name": "posted_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
               {"name": "posted_on", "type": {"type": "int", "logicalType": "date"}},
               {"name": "comment", "type": ["null", "string"], "default": null},
               {"name": "tags", "type": {"type": "array", "items": "string"}},
               {"name": "attributes", "type": {"type": "map", "values": "long"}},
               {"name": "weight", "type": "double"},
               {"name": "verified", "type": "boolean"},
               {"name": "shop", "type": {"type": "record", "name": "Shop", "fields": [
                   {"name": "city", "type": "string"}, {"name": "code", "type": {"type": "fixed", "name": "Code", "size": 4}}]}}
             ]}
            """;

    private static final String SMALL = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\","
            + "\"minimum\":0,\"maximum\":1000000},\"name\":{\"type\":\"string\"},\"score\":{\"type\":\"number\","
            + "\"minimum\":0,\"maximum\":10}},\"required\":[\"id\",\"name\",\"score\"]}";

    @Test
    void avroSchemasWithLogicalTypesGenerateValidStructs() throws Exception {
        List<SourceRecord> records = SyntheticFixtures.take(
                SyntheticFixtures.task(Map.of("schema.type", "avro", "schema", AVRO), 0, 1, null), 300);
        SyntheticFixtures.assertValid(records, null);
        Struct first = (Struct) records.get(0).value();
        assertThat(first.schema().name()).isEqualTo("shop.Review");
        assertThat(first.get("price")).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) first.get("price")).scale()).isEqualTo(2);
        assertThat(first.get("posted_at")).isInstanceOf(java.util.Date.class);
        assertThat(first.getString("review_id")).hasSize(36);
        assertThat(first.getString("email")).contains("@");
        assertThat(first.getStruct("shop").getBytes("code")).hasSize(4);
        long nullComments = records.stream().filter(r -> ((Struct) r.value()).get("comment") == null).count();
        assertThat(nullComments).isBetween(10L, 70L);
    }

    @Test
    void sameSeedSameRecordsAndTasksDrawDistinctStreams() throws Exception {
        Map<String, String> p = Map.of("schema", SMALL, "seed", "7", "timestamp.mode", "event");
        List<SourceRecord> a = SyntheticFixtures.take(SyntheticFixtures.task(p, 0, 2, null), 200);
        List<SourceRecord> b = SyntheticFixtures.take(SyntheticFixtures.task(p, 0, 2, null), 200);
        List<SourceRecord> other = SyntheticFixtures.take(SyntheticFixtures.task(p, 1, 2, null), 200);
        assertThat(a).extracting(SourceRecord::value).isEqualTo(b.stream().map(SourceRecord::value).toList());
        assertThat(a).extracting(SourceRecord::timestamp).isEqualTo(b.stream().map(SourceRecord::timestamp).toList());
        Set<Object> overlap = new HashSet<>(a.stream().map(SourceRecord::value).toList());
        overlap.retainAll(other.stream().map(SourceRecord::value).toList());
        assertThat(overlap).isEmpty();
        List<SourceRecord> reseeded = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", SMALL, "seed", "8"), 0, 2, null), 50);
        assertThat(reseeded.get(0).value()).isNotEqualTo(a.get(0).value());
    }

    @Test
    void aRestartResumesAfterTheStoredOffsetWithNoRepeatsAndNoGaps() throws Exception {
        Map<String, String> p = Map.of("schema", SMALL, "seed", "11");
        List<SourceRecord> uninterrupted = SyntheticFixtures.take(SyntheticFixtures.task(p, 0, 1, null), 100);
        SourceRecord last = uninterrupted.get(59);
        Map<String, Object> stored = new HashMap<>(last.sourceOffset());
        List<SourceRecord> resumed = SyntheticFixtures.take(SyntheticFixtures.task(p, 0, 1, stored), 40);
        assertThat(resumed.get(0).sourceOffset().get("iteration")).isEqualTo(60L);
        assertThat(resumed).extracting(SourceRecord::value)
                .isEqualTo(uninterrupted.subList(60, 100).stream().map(SourceRecord::value).toList());
        // An offset from another seed belongs to another stream: start over rather than resume it.
        Map<String, Object> foreign = new HashMap<>(stored);
        foreign.put("seed", 999L);
        assertThat(SyntheticFixtures.take(SyntheticFixtures.task(p, 0, 1, foreign), 1).get(0).sourceOffset().get("iteration"))
                .isEqualTo(0L);
    }

    @Test
    void aBoundedRunStopsAtItsShareAndThenIdles() throws Exception {
        Map<String, String> p = Map.of("schema", SMALL, "max.records", "25", "batch.size", "7");
        SyntheticSourceTask t0 = SyntheticFixtures.task(p, 0, 2, null);
        SyntheticSourceTask t1 = SyntheticFixtures.task(p, 1, 2, null);
        assertThat(SyntheticFixtures.take(t0, 100)).hasSize(13);
        assertThat(SyntheticFixtures.take(t1, 100)).hasSize(12);
        assertThat(t0.poll()).isNull();
    }

    @Test
    void tombstonesKeepTheirKey() throws Exception {
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", SMALL,
                "key.field", "id", "tombstone.rate", "0.3"), 0, 1, null), 300);
        long tombstones = records.stream().filter(r -> r.value() == null).count();
        assertThat(tombstones).isBetween(50L, 130L);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isInstanceOf(Long.class));
        assertThat(records.get(0).keySchema().type()).isEqualTo(org.apache.kafka.connect.data.Schema.Type.INT64);
    }

    @Test
    void eventTimeWithLateRecords() throws Exception {
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", SMALL,
                "timestamp.mode", "event", "event.time.start", "2026-03-01T00:00:00Z", "event.time.step.ms", "1000",
                "late.fraction", "0.2", "late.max.delay.ms", "30000"), 0, 1, null), 500);
        long start = java.time.Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        int late = 0;
        for (int i = 0; i < records.size(); i++) {
            long expected = start + i * 1000L;
            long ts = records.get(i).timestamp();
            assertThat(ts).isBetween(expected - 30000, expected);
            late += ts < expected ? 1 : 0;
        }
        assertThat(late).isBetween(60, 140);
    }

    @Test
    void anomaliesAreInjectedAndLabelled() throws Exception {
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", SMALL,
                "anomaly.rate", "1.0", "anomaly.kinds", "outlier"), 0, 1, null), 50);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.headers().lastWithName("synthetic.anomaly").value()).isEqualTo("outlier");
            Struct v = (Struct) r.value();
            assertThat(v.getInt64("id") > 1_000_000 || v.getFloat64("score") > 10).isTrue();
        });
        SyntheticFixtures.assertValid(records, null); // still valid for Connect: only the source bounds are broken
        List<SourceRecord> strings = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", SMALL,
                "anomaly.rate", "1.0", "anomaly.kinds", "extreme-string"), 0, 1, null), 5);
        assertThat(((Struct) strings.get(0).value()).getString("name").length()).isGreaterThan(10_000);
    }

    @Test
    void headersTraceEveryRecord() throws Exception {
        SourceRecord r = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", SMALL, "seed", "5"), 1, 3, null), 3).get(2);
        assertThat(r.headers().lastWithName("synthetic.task").value()).isEqualTo(1);
        assertThat(r.headers().lastWithName("synthetic.sequence").value()).isEqualTo(2L);
        assertThat(r.headers().lastWithName("synthetic.seed").value()).isEqualTo(5L);
    }

    @Test
    void exactlyOnceIsSupported() {
        assertThat(new SyntheticSourceConnector().exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    }
}

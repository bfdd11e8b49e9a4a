package dev.connectai.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Qdrant sink in a real worker, loaded from the plugin zip, writing to the in-process Qdrant gRPC server
 * (or to a real Qdrant when QDRANT_URL is set: the assertions are the same).
 */
class QdrantSinkIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    /** The source block of a schemaless Debezium change event, which tells it from a look-alike. */
    private static final String SOURCE = "{\"connector\":\"postgresql\",\"db\":\"shop\",\"schema\":\"public\","
            + "\"table\":\"items\",\"lsn\":23}";
    private static ConnectHarness connect;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        connect = ConnectHarness.start(1);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (qdrant != null) {
            qdrant.close();
        }
    }

    /** A fresh topic and collection name for one test. */
    private static String fresh(String prefix) {
        String name = prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        points.drop(name);
        return name;
    }

    private static Map<String, String> sink(String topic, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.connectai.qdrant.QdrantSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("qdrant.url", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            c.put("qdrant.api.key", qdrant.apiKey());
        }
        c.put("collection.auto.create", "true");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.putAll(extra);
        return c;
    }

    private static void run(String name, Map<String, String> config) throws InterruptedException {
        connect.cluster().configureConnector(name, config);
        connect.awaitRunning(name, Integer.parseInt(config.getOrDefault("tasks.max", "1")));
    }

    private static void awaitCount(String collection, int count) throws InterruptedException {
        ConnectHarness.await(() -> points.all(collection).size() == count, Duration.ofSeconds(60),
                count + " points in " + collection + " (now " + points.all(collection).size() + ")");
    }

    private static String vec(double... v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? "," : "").append(v[i]);
        }
        return sb.append(']').toString();
    }

    @Test
    void structsFromJsonWithSchemasBecomePointsWithNestedPayload() throws Exception {
        String topic = fresh("structs");
        connect.createTopic(topic, 1);
        String schema = "{\"type\":\"struct\",\"fields\":[{\"field\":\"title\",\"type\":\"string\"},"
                + "{\"field\":\"meta\",\"type\":\"struct\",\"fields\":[{\"field\":\"lang\",\"type\":\"string\"}]},"
                + "{\"field\":\"embedding\",\"type\":\"array\",\"items\":{\"type\":\"float\"}}]}";
        for (int i = 0; i < 3; i++) {
            connect.produce(topic, Integer.toString(i), "{\"schema\":" + schema + ",\"payload\":{\"title\":\"doc " + i
                    + "\",\"meta\":{\"lang\":\"en\"},\"embedding\":" + vec(1, i, 0, 1) + "}}");
        }
        run(topic, sink(topic, Map.of("value.converter.schemas.enable", "true",
                "collection.payload.indexes", "title:keyword")));
        awaitCount(topic, 3);
        assertThat(qdrant.client().getCollectionInfoAsync(topic).get().getPayloadSchemaMap()).containsKey("title");
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        double upserted = 0;
        for (javax.management.ObjectName n : jmx.queryNames(new javax.management.ObjectName(
                "dev.connectai:type=qdrant-sink-metrics,connector=" + topic + ",*"), null)) {
            upserted += ((Number) jmx.getAttribute(n, "points-upserted-total")).doubleValue();
        }
        assertThat(upserted).as("points-upserted-total over JMX").isEqualTo(3.0);
        RetrievedPoint p = points.all(topic).get("2");
        assertThat(QdrantPoints.text(p, "title")).isEqualTo("doc 2");
        assertThat(p.getPayloadMap().get("meta").getStructValue().getFieldsMap().get("lang").getStringValue()).isEqualTo("en");
        assertThat(p.getPayloadMap()).doesNotContainKey("embedding");
        assertThat(QdrantPoints.dense(p)).hasSize(4);
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void idStrategiesAreDeterministicSoReplaysDoNotDuplicate() throws Exception {
        String base = fresh("ids");
        Map<String, Map<String, String>> strategies = Map.of(
                "key", Map.of(),
                "field", Map.of("id.strategy", "field", "id.field", "sku"),
                "hash", Map.of("id.strategy", "hash", "id.hash.fields", "sku,color"),
                "coordinates", Map.of("id.strategy", "coordinates"));
        for (Map.Entry<String, Map<String, String>> s : strategies.entrySet()) {
            String topic = base + "-" + s.getKey();
            connect.createTopic(topic, 1);
            String uuid = UUID.randomUUID().toString();
            connect.produce(topic, uuid, "{\"sku\":\"A-1\",\"color\":\"red\",\"embedding\":" + vec(1, 0) + "}");
            connect.produce(topic, "17", "{\"sku\":\"B-2\",\"color\":\"blue\",\"embedding\":" + vec(0, 1) + "}");
            connect.produce(topic, "doc-x", "{\"sku\":\"C-3\",\"color\":\"green\",\"embedding\":" + vec(1, 1) + "}");
            run(topic, sink(topic, s.getValue()));
            awaitCount(topic, 3);
            if (s.getKey().equals("key")) {
                assertThat(points.all(topic)).containsKeys(uuid, "17");
            }
            // A replay of the whole topic (a new connector, so a new consumer group reading from the start)
            // must overwrite, not add.
            connect.cluster().deleteConnector(topic);
            Map<String, String> again = new HashMap<>(s.getValue());
            run(topic + "-replay", sink(topic, again));
            ConnectHarness.await(() -> connect.committedOffsets(topic + "-replay") == 3, Duration.ofSeconds(60),
                    "the replay to commit offset 3");
            assertThat(points.all(topic)).as("points after replay with " + s.getKey()).hasSize(3);
            connect.cluster().deleteConnector(topic + "-replay");
        }
    }

    @Test
    void namedSparseAndMultiVectors() throws Exception {
        String topic = fresh("multi");
        connect.createTopic(topic, 1);
        connect.produce(topic, "1", "{\"t\":" + vec(1, 0, 0) + ",\"s\":{\"indices\":[1,7],\"values\":[0.5,1]},"
                + "\"m\":[" + vec(1, 0) + "," + vec(0, 1) + "],\"name\":\"x\"}");
        run(topic, sink(topic, Map.of("vector.field", "", "vector.named", "title:t", "vector.sparse", "kw:s",
                "vector.multi", "colbert:m")));
        awaitCount(topic, 1);
        RetrievedPoint p = points.all(topic).get("1");
        assertThat(p.getVectors().getVectors().getVectorsMap()).containsKeys("title", "kw", "colbert");
        assertThat(QdrantPoints.text(p, "name")).isEqualTo("x");
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void withoutWaitingABadVectorGoesToTheDlqAndGoodOnesAreWritten() throws Exception {
        // With upsert.wait=false Qdrant acknowledges before checking vectors and drops a bad point with only a
        // log line; the sink checks the collection's layout first, so nothing is lost without a trace.
        String topic = fresh("nowait");
        String dlq = topic + "-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        qdrant.client().createCollectionAsync(io.qdrant.client.grpc.Collections.CreateCollection.newBuilder()
                .setCollectionName(topic)
                .setVectorsConfig(io.qdrant.client.grpc.Collections.VectorsConfig.newBuilder().setParamsMap(
                        io.qdrant.client.grpc.Collections.VectorParamsMap.newBuilder()
                                .putMap("title", dense(3).build())
                                .putMap("colbert", dense(2).setMultivectorConfig(
                                        io.qdrant.client.grpc.Collections.MultiVectorConfig.newBuilder().setComparator(
                                                io.qdrant.client.grpc.Collections.MultiVectorComparator.MaxSim))
                                        .build())))
                .setSparseVectorsConfig(io.qdrant.client.grpc.Collections.SparseVectorConfig.newBuilder()
                        .putMap("kw", io.qdrant.client.grpc.Collections.SparseVectorParams.getDefaultInstance()))
                .build()).get();
        // A second topic whose collection has 'title' as a sparse slot: a dense vector there is what Qdrant drops.
        String sparseTitle = topic + "-b";
        connect.createTopic(sparseTitle, 1);
        qdrant.client().createCollectionAsync(io.qdrant.client.grpc.Collections.CreateCollection.newBuilder()
                .setCollectionName(sparseTitle)
                .setVectorsConfig(io.qdrant.client.grpc.Collections.VectorsConfig.newBuilder().setParamsMap(
                        io.qdrant.client.grpc.Collections.VectorParamsMap.newBuilder()
                                .putMap("colbert", dense(2).setMultivectorConfig(
                                        io.qdrant.client.grpc.Collections.MultiVectorConfig.newBuilder().setComparator(
                                                io.qdrant.client.grpc.Collections.MultiVectorComparator.MaxSim))
                                        .build())))
                .setSparseVectorsConfig(io.qdrant.client.grpc.Collections.SparseVectorConfig.newBuilder()
                        .putMap("kw", io.qdrant.client.grpc.Collections.SparseVectorParams.getDefaultInstance())
                        .putMap("title", io.qdrant.client.grpc.Collections.SparseVectorParams.getDefaultInstance()))
                .build()).get();
        String sparse = "\"s\":{\"indices\":[1,7],\"values\":[0.5,1]}";
        String multi = "\"m\":[" + vec(1, 0) + "," + vec(0, 1) + "]";
        List<String[]> bad = List.of(
                new String[] {"b1", "{\"t\":" + vec(1, 0) + "," + sparse + "," + multi + "}",
                        "vector 'title' has 2 dimensions, collection '" + topic + "' expects 3"},
                new String[] {"b2", "{\"t\":" + vec(1, 0, 0) + "," + sparse + ",\"m\":[" + vec(1, 0, 0) + "]}",
                        "vector 'colbert' row 0 has 3 dimensions, collection '" + topic + "' expects 2"});
        int goods = 0;
        for (String[] b : bad) {
            connect.produce(topic, "g" + goods++, "{\"t\":" + vec(1, 0, 0) + "," + sparse + "," + multi + "}");
            connect.produce(topic, b[0], b[1]);
        }
        connect.produce(topic, "g" + goods++, "{\"t\":" + vec(0, 1, 0) + "," + sparse + "," + multi + "}");
        connect.produce(sparseTitle, "d1", "{\"t\":" + vec(1, 0, 0) + "," + sparse + "," + multi + "}");
        List<String> expected = new ArrayList<>();
        bad.forEach(b -> expected.add(b[2]));
        expected.add("vector 'title' is a dense vector, but 'title' in collection '" + sparseTitle
                + "' is a sparse vector");
        run(topic, sink(topic + "," + sparseTitle, Map.of("vector.field", "", "vector.named", "title:t", "vector.sparse", "kw:s",
                "vector.multi", "colbert:m", "upsert.wait", "false", "collection.auto.create", "false",
                "errors.tolerance", "all", "errors.deadletterqueue.topic.name", dlq,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true")));

        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume(expected.size(), Duration.ofSeconds(60), dlq);
        awaitCount(topic, goods);

        assertThat(dead).hasSize(expected.size());
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header h = r.headers().lastHeader("__connect.errors.exception.message");
            reasons.add(h == null ? "(no header)" : new String(h.value(), StandardCharsets.UTF_8));
        }
        for (String reason : expected) {
            assertThat(reasons).as("DLQ reasons").anySatisfy(r -> assertThat(r).contains(reason));
        }
        assertThat(points.all(topic)).hasSize(goods);
        assertThat(points.all(sparseTitle)).isEmpty();
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector(topic);
    }

    private static io.qdrant.client.grpc.Collections.VectorParams.Builder dense(int size) {
        return io.qdrant.client.grpc.Collections.VectorParams.newBuilder().setSize(size)
                .setDistance(io.qdrant.client.grpc.Collections.Distance.Cosine);
    }

    @Test
    void tombstonesAndDebeziumDeletesRemovePoints() throws Exception {
        String topic = fresh("deletes");
        connect.createTopic(topic, 1);
        connect.produce(topic, "1", "{\"embedding\":" + vec(1, 0) + ",\"v\":1}");
        connect.produce(topic, "2", "{\"embedding\":" + vec(0, 1) + ",\"v\":1}");
        connect.produce(topic, "3", "{\"before\":null,\"after\":{\"id\":3,\"embedding\":" + vec(1, 1) + "},\"source\":" + SOURCE + ",\"op\":\"c\"}");
        run(topic, sink(topic, Map.of()));
        awaitCount(topic, 3);
        assertThat(points.all(topic).get("3").getPayloadMap()).containsKey("id").doesNotContainKey("op");
        connect.produce(topic, "1", null);
        connect.produce(topic, "3", "{\"before\":{\"id\":3,\"embedding\":" + vec(1, 1) + "},\"after\":null,\"source\":" + SOURCE + ",\"op\":\"d\"}");
        awaitCount(topic, 1);
        assertThat(points.all(topic)).containsOnlyKeys("2");
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void tombstonesForACollectionThatDoesNotExistYetDeleteNothingAndTheTaskRuns() throws Exception {
        String topic = fresh("tombstones-first");
        connect.createTopic(topic, 1);
        connect.produce(topic, "1", null);
        connect.produce(topic, "2", null);
        run(topic, sink(topic, Map.of()));
        ConnectHarness.await(() -> connect.committedOffsets(topic) == 2, Duration.ofSeconds(60),
                "the tombstone-only batch to commit offset 2");
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        assertThat(points.exists(topic)).as("deletes create no collection").isFalse();
        connect.produce(topic, "1", "{\"embedding\":" + vec(1, 0) + ",\"v\":1}");
        awaitCount(topic, 1);
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void keysThatOnlyLookAlikeStayDistinctPoints() throws Exception {
        String topic = fresh("lookalike-keys");
        connect.createTopic(topic, 1);
        String uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        List<String> keys = List.of("7", "007", "8", " 8 ", uuid, uuid.toUpperCase());
        for (int i = 0; i < keys.size(); i++) {
            connect.produce(topic, keys.get(i), "{\"embedding\":" + vec(1, i) + ",\"i\":" + i + "}");
        }
        // Not a delete without Debezium's source block: an ordinary record under input.envelope=auto.
        connect.produce(topic, "9", "{\"before\":null,\"after\":null,\"op\":\"d\",\"embedding\":" + vec(0, 1) + "}");
        run(topic, sink(topic, Map.of()));
        awaitCount(topic, keys.size() + 1);
        Map<String, RetrievedPoint> all = points.all(topic);
        assertThat(all).containsKeys("7", "8", uuid, "9");
        assertThat(QdrantPoints.text(all.get("7"), "i")).isEqualTo("0");
        assertThat(QdrantPoints.text(all.get("8"), "i")).isEqualTo("2");
        assertThat(QdrantPoints.text(all.get("9"), "op")).isEqualTo("d");
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void insideOneBatchTheLastWriteOfAnIdWins() throws Exception {
        String topic = fresh("order");
        connect.createTopic(topic, 1);
        // Produced before the connector starts, so the first put() sees them in one batch.
        connect.produce(topic, "a", "{\"embedding\":" + vec(1, 0) + ",\"n\":1}");
        connect.produce(topic, "a", "{\"embedding\":" + vec(1, 0) + ",\"n\":2}");
        connect.produce(topic, "a", null);
        connect.produce(topic, "b", null);
        connect.produce(topic, "b", "{\"embedding\":" + vec(0, 1) + ",\"n\":3}");
        connect.produce(topic, "c", "{\"embedding\":" + vec(1, 1) + ",\"n\":4}");
        connect.produce(topic, "c", "{\"embedding\":" + vec(1, 1) + ",\"n\":5}");
        run(topic, sink(topic, Map.of()));
        awaitCount(topic, 2);
        Map<String, RetrievedPoint> all = points.all(topic);
        assertThat(all.values()).extracting(p -> QdrantPoints.text(p, "n")).containsExactlyInAnyOrder("3", "5");
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void chunkedDocumentsShrinkAndDisappear() throws Exception {
        String topic = fresh("chunks");
        connect.createTopic(topic, 1);
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            longText.append("Paragraph ").append(i).append(" talks about trains, delays and the weather in Lyon. ")
                    .append("It has a second sentence with more words to fill the chunk.\n\n");
        }
        connect.produce(topic, "doc-1", "{\"title\":\"long\",\"body\":\"" + longText.toString().replace("\n", "\\n") + "\"}");
        run(topic, sink(topic, Map.of("embed.input.field", "body", "model.name", "all-minilm-l6-v2-q",
                "chunk.size.tokens", "64", "chunk.overlap.tokens", "8", "vector.field", "")));
        ConnectHarness.await(() -> points.all(topic).size() > 3, Duration.ofSeconds(90), "chunks of doc-1");
        Map<String, RetrievedPoint> chunks = points.all(topic);
        int count = chunks.size();
        assertThat(chunks.values()).allSatisfy(p -> {
            assertThat(QdrantPoints.text(p, "chunk_count")).isEqualTo(Integer.toString(count));
            assertThat(QdrantPoints.dense(p)).hasSize(384);
            assertThat(QdrantPoints.text(p, "title")).isEqualTo("long");
        });
        assertThat(chunks.values()).extracting(p -> QdrantPoints.text(p, "chunk_index"))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList());
        String documentId = QdrantPoints.text(chunks.values().iterator().next(), "document_id");

        connect.produce(topic, "doc-1", "{\"title\":\"short now\",\"body\":\"Only one short paragraph remains.\"}");
        // The stale chunks are deleted before chunk 0 is rewritten: one point may briefly be the old chunk 0.
        ConnectHarness.await(() -> points.all(topic).size() == 1 && "short now".equals(
                QdrantPoints.text(points.all(topic).values().iterator().next(), "title")), Duration.ofSeconds(60),
                "doc-1 shrunk to one chunk titled 'short now'");
        RetrievedPoint only = points.all(topic).values().iterator().next();
        assertThat(QdrantPoints.text(only, "title")).isEqualTo("short now");
        assertThat(QdrantPoints.text(only, "document_id")).isEqualTo(documentId);

        connect.produce(topic, "doc-1", null);
        awaitCount(topic, 0);
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void malformedRecordsGoToTheDlqWithReasonsAndGoodOnesArrive() throws Exception {
        String topic = fresh("bad");
        String dlq = topic + "-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        String good = "{\"embedding\":" + vec(1, 0, 0) + ",\"ok\":true}";
        List<String[]> bad = List.of(
                new String[] {"k1", "{\"ok\":true}", "'embedding' does not exist"},
                new String[] {"k2", "{\"embedding\":null}", "field 'embedding' is null"},
                new String[] {"k3", "{\"embedding\":[1,\"x\",0]}", "element 1 is a STRING"},
                new String[] {"k4", "{\"embedding\":[]}", "empty array"},
                new String[] {"k5", "{\"embedding\":\"1,0,0\"}", "expected an array of numbers"},
                new String[] {"k6", "{\"embedding\":[1,0]}", "2 dimensions, collection"},
                new String[] {"k7", "{\"embedding\":[1,0,0,0]}", "4 dimensions, collection"},
                new String[] {"k8", "{\"embedding\":[1,true,0]}", "element 1 is a BOOLEAN"},
                new String[] {"k9", "{\"embedding\":[1,null,0]}", "element 1 is null"},
                new String[] {"k10", "{\"embedding\":{\"a\":1}}", "is a MAP, expected an array"},
                new String[] {"k11", "{\"embedding\":[[1,0,0]]}", "element 0 is an ARRAY"},
                new String[] {"k12", "\"a plain string\"", "needs a struct or map"},
                new String[] {"k13", "42", "needs a struct or map"},
                new String[] {"k14", "{not json", "serialization error"},
                new String[] {null, "{\"embedding\":[1,0,0]}", "record key is null"},
                new String[] {"", "{\"embedding\":[1,0,0]}", "empty string"},
                new String[] {"k17", "{\"embedding\":[1,1e400,0]}", "finite"});
        connect.produce(topic, "g0", good);
        run(topic, sink(topic, Map.of("errors.tolerance", "all", "errors.deadletterqueue.topic.name", dlq,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true")));
        awaitCount(topic, 1); // the collection exists with 3 dimensions before the bad ones come
        int goodCount = 1;
        for (String[] b : bad) {
            connect.produce(topic, b[0], b[1]);
            connect.produce(topic, "g" + goodCount, good);
            goodCount++;
        }
        awaitCount(topic, goodCount);
        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume(bad.size(), Duration.ofSeconds(60), dlq);
        assertThat(dead).hasSize(bad.size());
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header h = r.headers().lastHeader("__connect.errors.exception.message");
            reasons.add(h == null ? "(no header)" : new String(h.value(), StandardCharsets.UTF_8));
        }
        for (int i = 0; i < bad.size(); i++) {
            assertThat(reasons.get(i)).as("reason for bad record %d (%s)", i, bad.get(i)[1]).contains(bad.get(i)[2]);
        }
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector(topic);
    }

    private static Map<String, String> withDlq(String dlq, String... more) {
        Map<String, String> c = new HashMap<>(Map.of("errors.tolerance", "all", "errors.deadletterqueue.topic.name", dlq,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        for (int i = 0; i < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    private static double sinkMetric(String connector, String attribute) throws Exception {
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (javax.management.ObjectName n : jmx.queryNames(new javax.management.ObjectName(
                "dev.connectai:type=qdrant-sink-metrics,connector=" + connector + ",*"), null)) {
            sum += ((Number) jmx.getAttribute(n, attribute)).doubleValue();
        }
        return sum;
    }

    private static List<String> dlqReasons(String dlq, int count) {
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : connect.consume(count, Duration.ofSeconds(60), dlq)) {
            Header h = r.headers().lastHeader("__connect.errors.exception.message");
            reasons.add(h == null ? "(no header)" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return reasons;
    }

    @Test
    void largeRecordsAreWrittenInRequestsBoundedByBatchMaxBytes() throws Exception {
        String topic = fresh("large");
        connect.createTopic(topic, 1);
        String body = "x".repeat(900_000);
        for (int i = 0; i < 40; i++) {
            connect.produce(topic, Integer.toString(i), "{\"embedding\":" + vec(1, i, 0) + ",\"body\":\"" + body + "\"}");
        }
        // 36 MB in all: one request of 40 points would be over Qdrant's (and most proxies') limits.
        run(topic, sink(topic, Map.of("batch.max.bytes", "2000000")));
        // Counted, not scrolled: 36 MB of payload is over the test client's own 4 MiB answer limit.
        ConnectHarness.await(() -> {
            try {
                return points.exists(topic) && qdrant.client().countAsync(topic).get() == 40;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, Duration.ofSeconds(60), "40 points in " + topic);
        assertThat(sinkMetric(topic, "batches-total")).as("upsert requests of at most 2 points").isGreaterThanOrEqualTo(20);
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void deepNestingAndNonFiniteNumbersGoToTheDlqAndTheTaskRuns() throws Exception {
        String topic = fresh("deep");
        String dlq = topic + "-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        String good = "{\"embedding\":" + vec(1, 0, 0) + "}";
        connect.produce(topic, "g0", good);
        // 500 levels: parsed by the converter, refused by the sink with the path.
        connect.produce(topic, "deep", "{\"embedding\":" + vec(1, 0, 0) + ",\"d\":" + "{\"a\":".repeat(500) + "1"
                + "}".repeat(500) + "}");
        connect.produce(topic, "g1", good);
        // 100,000 levels: Connect's JsonConverter (Jackson, nesting limit 1000) refuses it before the sink.
        connect.produce(topic, "deeper", "{\"d\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        connect.produce(topic, "g2", good);
        // 1e400 is Infinity as a double: no JSON form, and Qdrant rejects it.
        connect.produce(topic, "inf", "{\"embedding\":" + vec(1, 0, 0) + ",\"price\":1e400}");
        connect.produce(topic, "g3", good);
        run(topic, sink(topic, withDlq(dlq, "payload.non.finite", "fail")));
        awaitCount(topic, 4);
        List<String> reasons = dlqReasons(dlq, 3);
        assertThat(reasons).hasSize(3);
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("nested deeper than payload.max.depth=32 at $.d.a.a.a"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("payload field $.price is Infinity"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).containsIgnoringCase("convert"));
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void aTaskStoppedAndRestartedInTheSameWorkerKeepsWriting() throws Exception {
        String topic = fresh("restart");
        connect.createTopic(topic, 1);
        connect.produce(topic, "0", "{\"embedding\":" + vec(1, 0, 0) + "}");
        run(topic, sink(topic, Map.of()));
        awaitCount(topic, 1);
        connect.cluster().restartTask(topic, 0);
        connect.awaitRunning(topic, 1);
        connect.produce(topic, "1", "{\"embedding\":" + vec(0, 1, 0) + "}");
        awaitCount(topic, 2);
        connect.cluster().stopConnector(topic);
        ConnectHarness.await(() -> connect.status(topic).tasks().isEmpty(), Duration.ofSeconds(60), "tasks stopped");
        connect.cluster().resumeConnector(topic);
        connect.awaitRunning(topic, 1);
        connect.produce(topic, "2", "{\"embedding\":" + vec(0, 0, 1) + "}");
        awaitCount(topic, 3);
        assertThat(sinkMetric(topic, "points-upserted-total")).as("metrics of the live task").isPositive();
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector(topic);
    }

    @Test
    void anOutageOfTenSecondsLosesNothingAndDuplicatesNothing() throws Exception {
        Assumptions.assumeTrue(qdrant.isInProcess(), "fault injection needs the in-process server");
        String topic = fresh("outage");
        connect.createTopic(topic, 1);
        run(topic, sink(topic, Map.of("batch.size", "10")));
        for (int i = 0; i < 50; i++) {
            connect.produce(topic, Integer.toString(i % 40), "{\"embedding\":" + vec(1, i) + ",\"seq\":" + i + "}");
        }
        awaitCount(topic, 40);
        qdrant.faults().orElseThrow().unavailableFor(Duration.ofSeconds(10));
        try {
            outageAssertions(topic);
        } finally {
            qdrant.faults().orElseThrow().clear();
        }
        connect.cluster().deleteConnector(topic);
    }

    private static void outageAssertions(String topic) throws Exception {
        for (int i = 50; i < 120; i++) {
            connect.produce(topic, Integer.toString(i % 60), "{\"embedding\":" + vec(1, i) + ",\"seq\":" + i + "}");
        }
        ConnectHarness.await(() -> {
            Map<String, RetrievedPoint> all = points.all(topic);
            return all.size() == 60 && all.values().stream().allMatch(p ->
                    Integer.parseInt(QdrantPoints.text(p, "seq")) >= 60);
        }, Duration.ofSeconds(90), "every id with its latest payload after the outage");
        Map<String, RetrievedPoint> all = points.all(topic);
        for (int id = 0; id < 60; id++) {
            int latest = id + 60; // the last record of every id came after the outage began
            assertThat(QdrantPoints.text(all.get(Integer.toString(id)), "seq")).as("id %d", id)
                    .isEqualTo(Integer.toString(latest));
        }
        assertThat(qdrant.faults().orElseThrow().callsRejected()).isGreaterThan(0);
        assertThat(connect.status(topic).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    }

    @Test
    void embeddingSmtAndInSinkEmbeddingSideBySide() throws Exception {
        String a = fresh("smt");
        String b = fresh("insink");
        connect.createTopic(a, 1);
        connect.createTopic(b, 1);
        for (int i = 0; i < 5; i++) {
            String v = "{\"text\":\"Review " + i + ": the blender is loud but fast.\"}";
            connect.produce(a, Integer.toString(i), v);
            connect.produce(b, Integer.toString(i), v);
        }
        Map<String, String> smt = new HashMap<>(sink(a, Map.of("model.name", "all-minilm-l6-v2-q")));
        smt.put("transforms", "embed");
        smt.put("transforms.embed.type", "dev.connectai.embedding.EmbedText$Value");
        smt.put("transforms.embed.input.field", "text");
        smt.put("transforms.embed.model.name", "all-minilm-l6-v2-q");
        run(a, smt);
        run(b, sink(b, Map.of("embed.input.field", "text", "model.name", "all-minilm-l6-v2-q", "vector.field", "")));
        awaitCount(a, 5);
        awaitCount(b, 5);
        for (int i = 0; i < 5; i++) {
            List<Float> x = QdrantPoints.dense(points.all(a).get(Integer.toString(i)));
            List<Float> y = QdrantPoints.dense(points.all(b).get(Integer.toString(i)));
            double dot = 0;
            for (int d = 0; d < x.size(); d++) {
                dot += x.get(d) * y.get(d);
            }
            assertThat(dot).as("the same text embedded by the SMT and by the sink").isGreaterThan(0.95);
        }
        assertThat(points.all(a).get("0").getPayloadMap()).containsKey("text").doesNotContainKey("embedding");
        connect.cluster().deleteConnector(a);
        connect.cluster().deleteConnector(b);
    }

    @Test
    void validateReportsAnUnreachableServerOnTheUrlAndABadKeyOnTheKey() throws Exception {
        String cls = "dev.connectai.qdrant.QdrantSinkConnector";
        Map<String, String> config = sink("any", Map.of("name", "validate-me", "qdrant.url", "http://127.0.0.1:1"));
        var answer = connect.restPut("connector-plugins/" + cls + "/config/validate", config);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(errorsOf(answer.body(), "qdrant.url")).anySatisfy(e -> assertThat(e).contains("not reachable"));

        Assumptions.assumeTrue(qdrant.isInProcess(), "a key-protected server is started in-process");
        try (var guarded = dev.connectai.qdrantapi.QdrantApiServer.start(0, "right-key")) {
            Map<String, String> wrongKey = sink("any", Map.of("name", "validate-me", "qdrant.url", guarded.grpcUrl(),
                    "qdrant.api.key", "wrong"));
            var rejected = connect.restPut("connector-plugins/" + cls + "/config/validate", wrongKey);
            assertThat(errorsOf(rejected.body(), "qdrant.api.key")).anySatisfy(e -> assertThat(e).contains("rejected the API key"));
            Map<String, String> rightKey = sink("any", Map.of("name", "validate-me", "qdrant.url", guarded.grpcUrl(),
                    "qdrant.api.key", "right-key"));
            var accepted = connect.restPut("connector-plugins/" + cls + "/config/validate", rightKey);
            assertThat(accepted.body().get("error_count").asInt()).as("errors: %s", errorsOf(accepted.body(), "qdrant.url")).isZero();
        }
    }

    private static List<String> errorsOf(com.fasterxml.jackson.databind.JsonNode validation, String name) {
        List<String> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : validation.get("configs")) {
            if (c.get("value").get("name").asText().equals(name)) {
                c.get("value").get("errors").forEach(e -> out.add(e.asText()));
            }
        }
        return out;
    }

    @Test
    void tlsWithACaFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Assumptions.assumeTrue(qdrant.isInProcess(), "a TLS server is started in-process");
        var tls = dev.connectai.qdrantapi.SelfSignedTls.create(dir);
        String cls = "dev.connectai.qdrant.QdrantSinkConnector";
        try (var server = dev.connectai.qdrantapi.QdrantApiServer.startTls(tls)) {
            String topic = fresh("tls");
            connect.createTopic(topic, 1);
            Map<String, String> untrusted = sink(topic, Map.of("name", topic, "qdrant.url", server.grpcUrl()));
            assertThat(errorsOf(connect.restPut("connector-plugins/" + cls + "/config/validate", untrusted).body(),
                    "qdrant.url")).as("the system trust store does not know the test CA").isNotEmpty();
            Map<String, String> trusted = sink(topic, Map.of("name", topic, "qdrant.url", server.grpcUrl(),
                    "qdrant.tls.ca.file", tls.certificate().toString()));
            var ok = connect.restPut("connector-plugins/" + cls + "/config/validate", trusted);
            assertThat(ok.body().get("error_count").asInt()).as("errors: %s", errorsOf(ok.body(), "qdrant.url")).isZero();

            connect.produce(topic, "1", "{\"embedding\":" + vec(1, 0) + "}");
            connect.produce(topic, "2", "{\"embedding\":" + vec(0, 1) + "}");
            run(topic, trusted);
            io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                    .forAddress("localhost", server.port())
                    .sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                            .trustManager(tls.certificate().toFile()).build()).build();
            try (var client = new io.qdrant.client.QdrantClient(
                    io.qdrant.client.QdrantGrpcClient.newBuilder(channel, true).build())) {
                QdrantPoints overTls = new QdrantPoints(client);
                ConnectHarness.await(() -> overTls.all(topic).size() == 2, Duration.ofSeconds(60), "2 points over TLS");
            }
            connect.cluster().deleteConnector(topic);
        }
    }
}

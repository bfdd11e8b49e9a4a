package dev.connectai.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.local.OverridableEnvConfigProvider;
import dev.connectai.local.ShippedConnectorConfigs;
import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile corpus through a real worker running the shipped, unchanged {@code rag-documents-to-qdrant} (text
 * embedded and chunked in the sink) and {@code reviews-to-qdrant} (a precomputed 384-dim vector) configs: dozens of
 * kinds of bad record interleaved with good ones whose ids are known. Every good record must be in Qdrant with its
 * latest payload, every bad one in the DLQ with its stage and a specific reason, distinct keys must stay distinct
 * points, look-alike deletes must delete nothing, both tasks must still be RUNNING, and no record text or key may
 * reach the worker log. Every record carries a unique {@value #MARKER} string (in its key where the key is free)
 * so the log check has something to find.
 */
class HostileCorpusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ShippedConnectorConfigs SHIPPED = ShippedConnectorConfigs.in(
            Path.of(System.getProperty("connectai.configs.dir", "../connector-configs")));
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MARKER = "HOSTILE-MARKER-";
    private static final Path WORKER_LOG = Path.of("target/it-logs/worker.log");
    private static final int DIMS = 384;

    /** The two shipped pipelines under test, with the names their JSON files give. */
    enum Pipeline {
        RAG("rag-documents-to-qdrant", 2, "documents", "documents-dlq", "documents"),
        REVIEWS("reviews-to-qdrant", 1, "reviews-embedded", "reviews-dlq", "reviews");

        final String connector;
        final int tasks;
        final String topic;
        final String dlq;
        final String collection;

        Pipeline(String connector, int tasks, String topic, String dlq, String collection) {
            this.connector = connector;
            this.tasks = tasks;
            this.topic = topic;
            this.dlq = dlq;
            this.collection = collection;
        }
    }

    enum Stage { VALUE_CONVERTER, TASK_PUT }

    /** What must become of one record. */
    sealed interface Outcome {
        /** The point (RAG: the document's chunks) with this id holds these payload fields. */
        record Stored(String id, Map<String, String> fields) implements Outcome {
        }

        /** A later record of the same key decides; this one must only not be in the DLQ. */
        record Superseded(String id) implements Outcome {
        }

        /**
         * In the DLQ with this stage; the reason is a substring of {@code __connect.errors.exception.message}
         * (for the converter stage, whose message Kafka's JsonConverter keeps generic, of the stack trace header,
         * which holds Jackson's reason). {@code keptId}, when set, must still be stored with {@code kept} fields.
         */
        record Dead(Stage stage, String reason, String keptId, Map<String, String> kept) implements Outcome {
        }

        /** No point with this id at the end, and the record not in the DLQ: deleted, or a no-op delete. */
        record Absent(String id, boolean existed) implements Outcome {
        }
    }

    /** One record of the corpus. */
    static final class Entry {
        final String kind;
        final Pipeline pipeline;
        final byte[] key;
        final byte[] value;
        final Outcome outcome;
        long offset = -1;
        String observed = "?";

        Entry(String kind, Pipeline pipeline, byte[] key, byte[] value, Outcome outcome) {
            this.kind = kind;
            this.pipeline = pipeline;
            this.key = key;
            this.value = value;
            this.outcome = outcome;
        }
    }

    private static final List<Entry> CORPUS = new ArrayList<>();
    private static int markers;

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;
    private static KafkaProducer<byte[], byte[]> producer;
    private static long logStart;

    @BeforeAll
    static void start() throws Exception {
        // log4j2-test.properties truncates the file when logging starts: start it before measuring.
        org.slf4j.LoggerFactory.getLogger(HostileCorpusIT.class).info("hostile corpus starts");
        logStart = Files.exists(WORKER_LOG) ? Files.size(WORKER_LOG) : 0;
        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        for (Pipeline p : Pipeline.values()) {
            points.drop(p.collection);
        }
        OverridableEnvConfigProvider.set("QDRANT_URL", qdrant.grpcUrl());
        OverridableEnvConfigProvider.set("QDRANT_API_KEY", qdrant.apiKey() == null ? "" : qdrant.apiKey());
        connect = ConnectHarness.start(1, Map.of(
                "config.providers", "env,file",
                "config.providers.env.class", OverridableEnvConfigProvider.class.getName()));
        for (Pipeline p : Pipeline.values()) {
            connect.createTopic(p.topic, 1);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.cluster().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        try {
            printTable();
            if (producer != null) {
                producer.close();
            }
            if (connect != null) {
                connect.close();
            }
        } finally {
            if (qdrant != null) {
                qdrant.close();
            }
        }
    }

    @Test
    void hostileRecordsGoToTheDlqWithTheirReasonAndGoodOnesAreStoredUnmerged() throws Exception {
        for (Pipeline p : Pipeline.values()) {
            connect.launch(ShippedConnectorConfigs.configMap(SHIPPED.read(p.connector)), p.tasks);
        }

        // Phase 0: one good record each, so each collection is created from a good vector (the reviews collection
        // takes its dimension from the first vector it sees).
        review("good review that creates the collection", "seed", review(1, "seed"), stored("seed", 1));
        doc("good document that creates the collection", "seed", doc("Seed", "The first document.", 1), stored("seed", 1));
        produceAndAwait();

        phaseOne();
        produceAndAwait();
        phaseTwo();
        produceAndAwait();

        Map<Long, ConsumerRecord<byte[], byte[]>> dlqRag = dlqByOffset(Pipeline.RAG);
        Map<Long, ConsumerRecord<byte[], byte[]>> dlqReviews = dlqByOffset(Pipeline.REVIEWS);
        Map<String, List<RetrievedPoint>> documents = points.all(Pipeline.RAG.collection).values().stream()
                .collect(Collectors.groupingBy(p -> render(p.getPayloadMap().get("document_id"))));
        Map<String, RetrievedPoint> reviews = points.all(Pipeline.REVIEWS.collection);

        SoftAssertions soft = new SoftAssertions();
        for (Entry e : CORPUS) {
            Map<Long, ConsumerRecord<byte[], byte[]>> dlq = e.pipeline == Pipeline.RAG ? dlqRag : dlqReviews;
            ConsumerRecord<byte[], byte[]> dead = dlq.remove(e.offset);
            e.observed = observe(e, dead, documents, reviews);
            String what = e.pipeline + " '" + e.kind + "' (offset " + e.offset + ")";
            if (e.outcome instanceof Outcome.Dead d) {
                if (dead == null) {
                    soft.fail(what + ": expected in the DLQ at %s, but it is not (observed: %s)", d.stage, e.observed);
                    continue;
                }
                soft.assertThat(header(dead, "__connect.errors.stage")).as(what + " stage").isEqualTo(d.stage.name());
                String reasonText = d.stage == Stage.TASK_PUT ? header(dead, "__connect.errors.exception.message")
                        : header(dead, "__connect.errors.exception.stacktrace");
                soft.assertThat(reasonText).as(what + " reason").contains(d.reason);
                if (d.stage == Stage.TASK_PUT) {
                    soft.assertThat(reasonText).as(what + " location")
                            .contains("topic=" + e.pipeline.topic + " partition=0 offset=" + e.offset);
                    // The sink's reasons name fields, types and sizes, never values or keys.
                    soft.assertThat(reasonText).as(what + " reason echoes record content").doesNotContain(MARKER);
                }
                soft.assertThat(dead.key()).as(what + " DLQ key").isEqualTo(e.key);
                soft.assertThat(dead.value()).as(what + " DLQ value").isEqualTo(e.value);
                if (d.keptId != null) {
                    checkStored(soft, what + " (the point it must not delete)", e.pipeline, d.keptId, d.kept,
                            documents, reviews);
                }
            } else {
                soft.assertThat(dead == null).as(what + ": must not be in the DLQ, but is: %s", e.observed).isTrue();
                if (e.outcome instanceof Outcome.Stored s) {
                    checkStored(soft, what, e.pipeline, s.id, s.fields, documents, reviews);
                } else if (e.outcome instanceof Outcome.Absent a) {
                    boolean present = e.pipeline == Pipeline.RAG ? documents.containsKey(a.id) : reviews.containsKey(a.id);
                    soft.assertThat(present).as(what + ": point " + a.id + " must be absent").isFalse();
                }
            }
        }
        soft.assertThat(dlqRag).as("DLQ records of documents no corpus entry expects").isEmpty();
        soft.assertThat(dlqReviews).as("DLQ records of reviews no corpus entry expects").isEmpty();

        // Nothing else was written: exactly the expected points, so no record was merged into another's point.
        for (Pipeline p : Pipeline.values()) {
            Set<String> expected = CORPUS.stream().filter(e -> e.pipeline == p && e.outcome instanceof Outcome.Stored)
                    .map(e -> ((Outcome.Stored) e.outcome).id).collect(Collectors.toCollection(TreeSet::new));
            Set<String> actual = new TreeSet<>(p == Pipeline.RAG ? documents.keySet() : reviews.keySet());
            soft.assertThat(actual).as("ids in collection %s", p.collection).isEqualTo(expected);
        }

        for (Pipeline p : Pipeline.values()) {
            ConnectorStateInfo status = connect.status(p.connector);
            soft.assertThat(status.connector().state()).as(p.connector + " connector state").isEqualTo("RUNNING");
            soft.assertThat(status.tasks()).as(p.connector + " tasks").hasSize(p.tasks);
            status.tasks().forEach(t -> soft.assertThat(t.state()).as(p.connector + " task " + t.id() + " state: "
                    + t.trace()).isEqualTo("RUNNING"));
        }

        String log = workerLog();
        soft.assertThat(log).as("the worker log of this test").contains("Qdrant sink task started");
        soft.assertThat(log).as("record text or keys in the worker log").doesNotContain(MARKER);
        soft.assertAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The corpus
    // ---------------------------------------------------------------------------------------------------------

    private static final String UUID_CANONICAL = "6f1c1a2e-3b4d-4c5e-8f60-718293a4b5c6";

    private static void phaseOne() {
        // --- RAG: value shapes the converter refuses (stage VALUE_CONVERTER; Jackson's reason in the stack trace)
        doc("value not JSON", k("not-json"), raw(marker() + " is plain text, not JSON"),
                dead(Stage.VALUE_CONVERTER, "Unrecognized token 'HOSTILE'"));
        doc("truncated JSON", k("truncated"), raw("{\"title\":\"" + marker() + "\",\"body\":\"cut"),
                dead(Stage.VALUE_CONVERTER, "Unexpected end-of-input"));
        doc("JSON nested 1,001 deep (over Jackson's limit)", k("jackson-depth"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"meta\":" + nested(1000) + "}"),
                dead(Stage.VALUE_CONVERTER, "Document nesting depth (1001) exceeds the maximum allowed (1000"));
        doc("field name of 60,000 characters", k("long-name"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"" + "n".repeat(60_000) + "\":1}"),
                dead(Stage.VALUE_CONVERTER, "Name length (60000) exceeds"));
        doc("number of 1,500 digits", k("long-number"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"n\":" + "9".repeat(1500) + "}"),
                dead(Stage.VALUE_CONVERTER, "Number value length (1500) exceeds"));
        doc("invalid UTF-8 inside a JSON string", k("bad-utf8-value"),
                concat(("{\"title\":\"" + marker() + "\",\"body\":\"").getBytes(StandardCharsets.UTF_8),
                        new byte[]{(byte) 0xff, (byte) 0xfe}, "\"}".getBytes(StandardCharsets.UTF_8)),
                dead(Stage.VALUE_CONVERTER, "Invalid UTF-8 start byte 0xff"));
        doc("JSON with a comment", k("comment"), raw("{/* " + marker() + " */\"title\":\"t\",\"body\":\"b\"}"),
                dead(Stage.VALUE_CONVERTER, "ALLOW_COMMENTS"));
        doc("NaN literal", k("nan-literal"), raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"score\":NaN}"),
                dead(Stage.VALUE_CONVERTER, "Non-standard token 'NaN'"));
        doc("unescaped control character in a string", k("raw-control"),
                raw("{\"title\":\"" + marker() + "\u0001\",\"body\":\"b\"}"),
                dead(Stage.VALUE_CONVERTER, "Illegal unquoted character ((CTRL-CHAR, code 1))"));
        doc("single-quoted JSON", k("single-quotes"), raw("{'title':'" + marker() + "','body':'b'}"),
                dead(Stage.VALUE_CONVERTER, "was expecting double-quote to start field name"));

        // --- RAG: JSON the sink cannot use as a document (stage TASK_PUT)
        doc("value is a JSON array", k("array-value"), json(List.of(marker(), "b")),
                dead(Stage.TASK_PUT, "the value is an ARRAY; the sink needs a struct or map"));
        doc("value is a JSON string", k("string-value"), json(marker()),
                dead(Stage.TASK_PUT, "the value is a STRING; the sink needs a struct or map"));
        doc("value is a JSON integer", k("number-value"), raw("42"),
                dead(Stage.TASK_PUT, "the value is a LONG; the sink needs a struct or map"));
        doc("value is 1e400 (JsonConverter reads Infinity)", k("huge-number-value"), raw("1e400"),
                dead(Stage.TASK_PUT, "the value is a DOUBLE; the sink needs a struct or map"));
        doc("value is a JSON boolean", k("boolean-value"), raw("true"),
                dead(Stage.TASK_PUT, "the value is a BOOLEAN; the sink needs a struct or map"));
        doc("title missing", k("no-title"), json(Map.of("body", marker())),
                dead(Stage.TASK_PUT, "template field 'title' does not exist"));
        doc("body missing", k("no-body"), json(Map.of("title", marker())),
                dead(Stage.TASK_PUT, "template field 'body' does not exist"));
        doc("empty object", k("empty-object"), raw("{}"),
                dead(Stage.TASK_PUT, "template field 'title' does not exist"));
        doc("title and body both empty", k("both-empty"), json(Map.of("title", "", "body", "", "probe", marker())),
                dead(Stage.TASK_PUT, "no text to embed: template '{title}\n\n{body}' is blank"));
        doc("title and body null", k("both-null"), raw("{\"title\":null,\"body\":null,\"probe\":\"" + marker() + "\"}"),
                dead(Stage.TASK_PUT, "no text to embed: template '{title}\n\n{body}' is blank"));
        doc("title and body only whitespace", k("blank-text"),
                json(Map.of("title", " \t ", "body", "\r\n \n", "probe", marker())),
                dead(Stage.TASK_PUT, "no text to embed: template '{title}\n\n{body}' is blank"));
        doc("title and body only Unicode spaces (no-break, zero-width, ideographic)", k("unicode-blank"),
                json(Map.of("title", "\u00a0\u202f", "body", "\u200b\u3000\ufeff", "probe", marker())),
                dead(Stage.TASK_PUT, "no text to embed: template '{title}\n\n{body}' is blank"));
        doc("title is an object", k("title-object"), json(Map.of("title", Map.of("en", marker()), "body", "b")),
                dead(Stage.TASK_PUT, "template field 'title' is a MAP; only text, numbers and booleans"));
        doc("title is an array", k("title-array"), json(Map.of("title", List.of(marker()), "body", "b")),
                dead(Stage.TASK_PUT, "template field 'title' is an ARRAY; only text, numbers and booleans"));
        doc("nesting 1,000 deep (Jackson's limit; over payload.max.depth=32)", k("depth-1000"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"meta\":" + nested(999) + "}"),
                dead(Stage.TASK_PUT, "nested deeper than payload.max.depth=32 at $.meta[0][0]"));
        doc("nesting 100 deep", k("depth-100"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"meta\":" + nested(99) + "}"),
                dead(Stage.TASK_PUT, "nested deeper than payload.max.depth=32 at $.meta[0][0]"));
        doc("nesting 33 deep (one over the default)", k("depth-33"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"meta\":" + nested(32) + "}"),
                dead(Stage.TASK_PUT, "nested deeper than payload.max.depth=32 at $.meta"));
        doc("deep nesting inside an array element", k("deep-in-array"),
                raw("{\"title\":\"" + marker() + "\",\"body\":\"b\",\"tags\":[\"a\",\"b\",{\"x\":" + nested(60)
                        + "}]}"),
                dead(Stage.TASK_PUT, "nested deeper than payload.max.depth=32 at $.tags[2].x[0][0]"));
        docKey("key null", null, doc("Null key " + marker(), "b", 1),
                dead(Stage.TASK_PUT, "the record key is null, so the point has no id"));
        docKey("key empty", new byte[0], doc("Empty key " + marker(), "b", 1),
                dead(Stage.TASK_PUT, "the record key is an empty string, so the point has no id"));
        docKey("key blank", " \t ".getBytes(StandardCharsets.UTF_8), doc("Blank key " + marker(), "b", 1),
                dead(Stage.TASK_PUT, "the record key is a blank string, so the point has no id"));
        docKey("key of invalid UTF-8 bytes (StringConverter makes U+FFFD)", new byte[]{'k', (byte) 0xff, '1'},
                doc("Bad key " + marker(), "b", 1),
                dead(Stage.TASK_PUT, "the record key holds U+FFFD"));
        docKey("another key of invalid UTF-8 bytes (would decode to the same string)", new byte[]{'k', (byte) 0xfe, '1'},
                doc("Bad key " + marker(), "b", 1),
                dead(Stage.TASK_PUT, "the record key holds U+FFFD"));
        docKey("tombstone with a null key", null, null,
                dead(Stage.TASK_PUT, "the record key is null, so the point has no id"));
        doc("document over chunk.max.per.document (220,000 tokens, ~242 KB)", k("too-many-chunks"),
                doc("Overflow " + marker(), "!!!!!!!!!! ".repeat(22_000), 1),
                dead(Stage.TASK_PUT, "make more than chunk.max.per.document=1000 chunks of chunk.size.tokens=200"));
        doc("Debezium look-alike create without 'source' (not unwrapped)", k("fake-create"),
                json(Map.of("op", "c", "after", Map.of("title", marker(), "body", "b"))),
                dead(Stage.TASK_PUT, "template field 'title' does not exist"));

        // --- RAG: hostile but valid documents, stored under the id PointIds.RULES gives their key
        doc("good document, written again in the next batch", "doc-a", doc("A first", "Alpha text " + marker(), 1),
                superseded("doc-a"));
        doc("good document, written twice in one batch (first)", "doc-b", doc("B first", "Beta " + marker(), 1),
                superseded("doc-b"));
        doc("good document, written twice in one batch (second)", "doc-b", doc("B second", "Beta " + marker(), 2),
                stored("doc-b", 2, "title", "B second"));
        doc("key '7' (canonical integer)", "7", doc("Seven", "Number seven " + marker(), 1), stored("7", 1));
        doc("key '007' (not canonical: its own point)", "007", doc("Double-oh-seven", "Agent " + marker(), 1),
                stored("007", 1));
        doc("key '8'", "8", doc("Eight", "Number eight " + marker(), 1), stored("8", 1));
        doc("key ' 8 ' (whitespace: its own point)", " 8 ", doc("Spaced eight", "Spaced " + marker(), 1),
                stored(" 8 ", 1));
        doc("key canonical UUID", UUID_CANONICAL, doc("Canonical UUID", "Lower " + marker(), 1),
                stored(UUID_CANONICAL, 1));
        doc("key upper-case UUID (its own point)", UUID_CANONICAL.toUpperCase(),
                doc("Upper UUID", "Upper " + marker(), 1), stored(UUID_CANONICAL.toUpperCase(), 1));
        String longKey = "long-key-" + marker() + "-" + "k".repeat(100_000);
        docKey("key of 100 KB", longKey.getBytes(StandardCharsets.UTF_8), doc("Long key", "Long key text", 1),
                stored(longKey, 1));
        doc("title is a number (the template prints it)", "title-number",
                json(Map.of("title", 42, "body", "The answer " + marker(), "probe", "title-number", "version", 1)),
                stored("title-number", 1, "title", "42"));
        doc("title is a boolean (the template prints it)", "title-boolean",
                json(Map.of("title", true, "body", "Yes " + marker(), "probe", "title-boolean", "version", 1)),
                stored("title-boolean", 1, "title", "true"));
        doc("escaped control characters and NUL in the text", "control-chars",
                raw("{\"title\":\"Bell\\u0007 and NUL\\u0000\",\"body\":\"" + marker() + "\\u0001\\u001f\","
                        + "\"probe\":\"control-chars\",\"version\":1}"),
                stored("control-chars", 1, "title", "Bell\u0007 and NUL\u0000"));
        doc("lone surrogate escaped in JSON", "lone-surrogate",
                raw("{\"title\":\"half \\ud800 pair\",\"body\":\"" + marker() + " \\udc00\","
                        + "\"probe\":\"lone-surrogate\",\"version\":1}"),
                stored("lone-surrogate", 1, "title", "half ? pair"));
        doc("nesting exactly 32 deep (the limit)", "depth-32",
                raw("{\"title\":\"Deep " + marker() + "\",\"body\":\"b\",\"meta\":" + nested(31)
                        + ",\"probe\":\"depth-32\",\"version\":1}"),
                stored("depth-32", 1));
        doc("payload number 1e400 (Infinity: stored as null)", "infinite-payload",
                raw("{\"title\":\"Inf " + marker() + "\",\"body\":\"b\",\"score\":1e400,\"probe\":\"infinite-payload\","
                        + "\"version\":1}"),
                stored("infinite-payload", 1, "score", "null"));
        doc("duplicate JSON field (Jackson keeps the last)", "duplicate-field",
                raw("{\"title\":\"first " + marker() + "\",\"title\":\"second\",\"body\":\"b\",\"probe\":\"duplicate-field\","
                        + "\"version\":1}"),
                stored("duplicate-field", 1, "title", "second"));
        doc("trailing garbage after the JSON object (Jackson ignores it)", "trailing-garbage",
                raw("{\"title\":\"Trailing " + marker() + "\",\"body\":\"b\",\"probe\":\"trailing-garbage\",\"version\":1}"
                        + " } garbage " + marker()),
                stored("trailing-garbage", 1));
        doc("byte order mark before the JSON", "bom",
                raw("\uFEFF{\"title\":\"BOM " + marker() + "\",\"body\":\"b\",\"probe\":\"bom\",\"version\":1}"),
                stored("bom", 1));
        Map<String, Object> spoof = new LinkedHashMap<>(doc("Spoof " + marker(), "b", 1));
        spoof.putAll(Map.of("document_id", "7", "chunk_index", 99, "chunk_count", -1, "text", "spoofed"));
        doc("payload spoofs document_id/chunk fields of another document", "spoofer", spoof,
                stored("spoofer", 1, "chunk_index", "0", "chunk_count", "1"));
        doc("real Debezium create (op, source, after)", "envelope-create",
                json(Map.of("op", "c", "source", Map.of("connector", "postgresql"), "before", Map.of(),
                        "after", doc("From envelope", "After row " + marker(), 1))),
                stored("envelope-create", 1, "title", "From envelope"));
        doc("document that shrinks from several chunks to one", "shrinks",
                doc("Shrinks", ("A sentence about returns and refunds " + marker() + ". ").repeat(60), 1),
                superseded("shrinks"));
        for (String victim : List.of("fake-delete", "tombstone", "envelope-delete", "empty-value", "json-null")) {
            doc("good document '" + victim + "', deleted or attacked later", victim,
                    doc("Victim " + victim, "Victim " + marker(), 1),
                    victim.equals("fake-delete") ? stored(victim, 1, "title", "Victim " + victim) : superseded(victim));
        }

        // --- Reviews: vectors the sink cannot write (stage TASK_PUT)
        review("vector missing", k("no-vector"), without(review(1, marker()), "embedding"),
                dead(Stage.TASK_PUT, "no vector: field 'embedding' does not exist"));
        review("vector null", k("null-vector"), with(review(1, marker()), "embedding", null),
                dead(Stage.TASK_PUT, "no vector: field 'embedding' is null"));
        review("vector empty", k("empty-vector"), with(review(1, marker()), "embedding", List.of()),
                dead(Stage.TASK_PUT, "vector field 'embedding' is an empty array"));
        review("vector is a string", k("string-vector"), with(review(1, marker()), "embedding", "0.1,0.2"),
                dead(Stage.TASK_PUT, "vector field 'embedding' is a STRING, expected an array of numbers"));
        review("vector is an object", k("object-vector"), with(review(1, marker()), "embedding", Map.of("x", 1)),
                dead(Stage.TASK_PUT, "vector field 'embedding' is a MAP, expected an array of numbers"));
        review("sparse vector shape in the dense slot", k("sparse-vector"), with(review(1, marker()), "embedding",
                        Map.of("indices", List.of(1, 7), "values", List.of(0.5, 0.25))),
                dead(Stage.TASK_PUT, "vector field 'embedding' is a MAP, expected an array of numbers"));
        review("vector with a string element", k("string-element"),
                with(review(1, marker()), "embedding", replace(vector(1, DIMS), 7, "0.5")),
                dead(Stage.TASK_PUT, "vector field 'embedding' element 7 is a STRING, not a number"));
        review("vector with a null element", k("null-element"),
                with(review(1, marker()), "embedding", replace(vector(1, DIMS), 3, null)),
                dead(Stage.TASK_PUT, "vector field 'embedding' element 3 is null, not a number"));
        review("vector with a boolean element", k("boolean-element"),
                with(review(1, marker()), "embedding", replace(vector(1, DIMS), 0, true)),
                dead(Stage.TASK_PUT, "vector field 'embedding' element 0 is a BOOLEAN, not a number"));
        review("vector of vectors (multi-vector into the dense slot)", k("multi-vector"),
                with(review(1, marker()), "embedding", List.of(vector(1, DIMS), vector(2, DIMS))),
                dead(Stage.TASK_PUT, "vector field 'embedding' element 0 is an ARRAY, not a number"));
        review("vector of 383 dimensions", k("dims-383"), with(review(1, marker()), "embedding", vector(1, 383)),
                dead(Stage.TASK_PUT, "vector has 383 dimensions, collection 'reviews' expects 384"));
        review("vector of 385 dimensions", k("dims-385"), with(review(1, marker()), "embedding", vector(1, 385)),
                dead(Stage.TASK_PUT, "vector has 385 dimensions, collection 'reviews' expects 384"));
        review("vector element 1e400 (JsonConverter reads Infinity)", k("infinite-element"),
                raw(json(review(1, marker())).replace("\"embedding\":[", "\"embedding\":[1e400,")),
                dead(Stage.TASK_PUT, "element 0 is Infinity; vectors must be finite"));
        review("vector element 1e300 (a finite double, infinite as float32)", k("float-overflow-element"),
                with(review(1, marker()), "embedding", replace(vector(1, DIMS), 5, 1e300)),
                dead(Stage.TASK_PUT, "element 5 is 1.0E300; vectors must be finite"));
        review("nesting 1,000 deep in a review", k("review-depth-1000"),
                raw("{\"meta\":" + nested(999) + "," + json(review(1, marker())).substring(1)),
                dead(Stage.TASK_PUT, "nested deeper than payload.max.depth=32 at $.meta[0][0]"));
        reviewKey("review key of invalid UTF-8 bytes", new byte[]{(byte) 0xc3, (byte) 0x28}, review(1, marker()),
                dead(Stage.TASK_PUT, "the record key holds U+FFFD"));
        review("real Debezium envelope whose 'after' is an array", k("envelope-array-after"),
                json(Map.of("op", "c", "source", Map.of("connector", "postgresql"), "after", List.of(marker()))),
                dead(Stage.TASK_PUT, "the value is an ARRAY; the sink needs a struct or map"));

        // --- Reviews: hostile but valid, and the id rules on a collection that stores key ids as they are
        review("good review, written again in the next batch", "r-latest", review(1, "r-latest"), superseded("r-latest"));
        review("key '7'", "7", review(1, "seven"), stored("7", 1));
        review("key '007'", "007", review(1, "double-oh-seven"), stored("007", 1));
        review("key '8'", "8", review(1, "eight"), stored("8", 1));
        review("key ' 8 '", " 8 ", review(1, "spaced eight"), stored(" 8 ", 1));
        review("key '+7'", "+7", review(1, "plus seven"), stored("+7", 1));
        review("key '0'", "0", review(1, "zero"), stored("0", 1));
        review("key u64 max", "18446744073709551615", review(1, "u64 max"), stored("18446744073709551615", 1));
        review("key u64 max + 1 (hashed)", "18446744073709551616", review(1, "u64 max plus one"),
                stored("18446744073709551616", 1));
        review("key canonical UUID", UUID_CANONICAL, review(1, "canonical"), stored(UUID_CANONICAL, 1));
        review("key upper-case UUID", UUID_CANONICAL.toUpperCase(), review(1, "upper"),
                stored(UUID_CANONICAL.toUpperCase(), 1));
        String unhyphenated = UUID_CANONICAL.replace("-", "");
        review("key UUID without hyphens", unhyphenated, review(1, "unhyphenated"), stored(unhyphenated, 1));
        review("vector of integers (0 and 1 are numbers)", "integer-vector", with(review(1, "integer-vector"),
                "embedding", java.util.Collections.nCopies(DIMS, 1)), stored("integer-vector", 1));
        review("payload number 1e400 (stored as null)", "infinite-payload",
                raw("{\"score\":1e400," + json(review(1, "infinite-payload")).substring(1)),
                stored("infinite-payload", 1, "score", "null"));
        for (String victim : List.of("fake-delete", "tombstone", "envelope-delete", "empty-value", "json-null")) {
            review("good review '" + victim + "', deleted or attacked later", victim, review(1, victim),
                    victim.equals("fake-delete") ? stored(victim, 1) : superseded(victim));
        }
    }

    private static void phaseTwo() {
        doc("good document, its latest version", "doc-a", doc("A second", "Alpha again " + marker(), 2),
                stored("doc-a", 2, "title", "A second"));
        doc("the shorter version of the shrinking document", "shrinks", doc("Shrinks", "Now short " + marker(), 2),
                stored("shrinks", 2, "chunk_count", "1"));
        doc("fake Debezium delete without 'source' (deletes nothing)", "fake-delete",
                raw("{\"before\":null,\"after\":null,\"op\":\"d\"}"),
                new Outcome.Dead(Stage.TASK_PUT, "template field 'title' does not exist", idOf("fake-delete"),
                        Map.of("title", "Victim fake-delete", "version", "1")));
        docKey("tombstone for an existing document", "tombstone".getBytes(StandardCharsets.UTF_8), null,
                absent("tombstone", true));
        doc("real Debezium delete (op d, source, before)", "envelope-delete",
                json(Map.of("op", "d", "source", Map.of("connector", "postgresql"), "before", Map.of("title", "x"))),
                absent("envelope-delete", true));
        doc("empty value bytes (JsonConverter reads null: a delete)", "empty-value", new byte[0],
                absent("empty-value", true));
        doc("value is the JSON text null (JsonConverter reads null: a delete)", "json-null", raw("null"),
                absent("json-null", true));
        String never = k("never");
        docKey("tombstone for a key that never existed", never.getBytes(StandardCharsets.UTF_8), null,
                absent(never, false));

        review("good review, its latest version", "r-latest", review(2, "r-latest"), stored("r-latest", 2));
        review("fake Debezium delete without 'source' (deletes nothing)", "fake-delete",
                raw("{\"before\":null,\"after\":null,\"op\":\"d\"}"),
                new Outcome.Dead(Stage.TASK_PUT, "no vector: field 'embedding' does not exist", idOf("fake-delete"),
                        Map.of("version", "1")));
        reviewKey("tombstone for an existing review", "tombstone".getBytes(StandardCharsets.UTF_8), null,
                absent("tombstone", true));
        review("real Debezium delete (op d, source, before)", "envelope-delete",
                json(Map.of("op", "d", "source", Map.of("connector", "postgresql"), "before", Map.of("id", 1))),
                absent("envelope-delete", true));
        review("empty value bytes (a delete)", "empty-value", new byte[0], absent("empty-value", true));
        review("value is the JSON text null (a delete)", "json-null", raw("null"), absent("json-null", true));
        String neverReview = k("never");
        reviewKey("tombstone for a key that never existed", neverReview.getBytes(StandardCharsets.UTF_8), null,
                absent(neverReview, false));
        review("real Debezium create (op, source, after)", "envelope-create",
                json(Map.of("op", "r", "source", Map.of("connector", "postgresql"), "after", review(1, "envelope-create"))),
                stored("envelope-create", 1));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Building records
    // ---------------------------------------------------------------------------------------------------------

    /** A free key: its name and a marker. */
    private static String k(String name) {
        return name + "~" + marker();
    }

    private static String marker() {
        return MARKER + (++markers);
    }

    private static void doc(String kind, String key, Object value, Outcome outcome) {
        add(kind, Pipeline.RAG, keyBytes(key), value, outcome);
    }

    private static void docKey(String kind, byte[] key, Object value, Outcome outcome) {
        add(kind, Pipeline.RAG, key, value, outcome);
    }

    private static void review(String kind, String key, Object value, Outcome outcome) {
        add(kind, Pipeline.REVIEWS, keyBytes(key), value, outcome);
    }

    private static void reviewKey(String kind, byte[] key, Object value, Outcome outcome) {
        add(kind, Pipeline.REVIEWS, key, value, outcome);
    }

    /**
     * A key's bytes. Bad records' free keys carry a marker ({@link #k}); good records' keys are named so their
     * ids can be computed, and keys whose spelling is the test ('7', '007', UUIDs) cannot carry one.
     */
    private static byte[] keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static void add(String kind, Pipeline p, byte[] key, Object value, Outcome outcome) {
        // byte[] and String are the record's bytes as they are; anything else is written as JSON.
        byte[] bytes = value == null ? null : value instanceof byte[] b ? b : value instanceof String text
                ? text.getBytes(StandardCharsets.UTF_8) : json(value).getBytes(StandardCharsets.UTF_8);
        CORPUS.add(new Entry(kind, p, key, bytes, withProbe(outcome, bytes)));
    }

    /**
     * A stored record must be found with its own probe (a value unique to the record, or to its key across
     * versions), so a record written into another key's point cannot pass for that key's record.
     */
    private static Outcome withProbe(Outcome outcome, byte[] value) {
        if (!(outcome instanceof Outcome.Stored s)) {
            return outcome;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(value);
            com.fasterxml.jackson.databind.JsonNode row = node.has("after") ? node.get("after") : node;
            Map<String, String> fields = new LinkedHashMap<>(s.fields);
            fields.put("probe", row.get("probe").asText());
            return new Outcome.Stored(s.id, fields);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("a stored record of the corpus needs a 'probe' field", e);
        }
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code levels} nested arrays, the innermost empty. */
    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    private static Map<String, Object> doc(String title, String body, int version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("body", body);
        m.put("probe", marker());
        m.put("version", version);
        return m;
    }

    private static Map<String, Object> review(int version, String probe) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", "Kettle");
        m.put("stars", 4);
        m.put("text", "Boils fast. " + marker());
        m.put("probe", probe);
        m.put("version", version);
        m.put("embedding", vector(version, DIMS));
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> m, String field, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put(field, value);
        return out;
    }

    private static Map<String, Object> without(Map<String, Object> m, String field) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.remove(field);
        return out;
    }

    private static List<Object> vector(int seed, int dims) {
        List<Object> v = new ArrayList<>(dims);
        for (int i = 0; i < dims; i++) {
            v.add(Math.round(Math.sin(seed * 31.0 + i) * 1000) / 1000.0);
        }
        return v;
    }

    private static List<Object> replace(List<Object> v, int index, Object element) {
        List<Object> out = new ArrayList<>(v);
        out.set(index, element);
        return out;
    }

    private static Outcome stored(String key, int version, String... fields) {
        Map<String, String> expect = new LinkedHashMap<>();
        expect.put("version", Integer.toString(version));
        for (int i = 0; i < fields.length; i += 2) {
            expect.put(fields[i], fields[i + 1]);
        }
        return new Outcome.Stored(idOf(key), expect);
    }

    private static Outcome superseded(String key) {
        return new Outcome.Superseded(idOf(key));
    }

    private static Outcome absent(String key, boolean existed) {
        return new Outcome.Absent(idOf(key), existed);
    }

    private static Outcome dead(Stage stage, String reason) {
        return new Outcome.Dead(stage, reason, null, null);
    }

    private static final Pattern UNSIGNED = Pattern.compile("0|[1-9][0-9]{0,19}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The point id of a string key as README's id table states it: a canonical unsigned integer up to u64 max is
     * that number, a canonical UUID itself, any other string a name-based UUID of its exact bytes (the sink
     * prefixes the bytes with its namespace 'connect-ai:'). Computed here, not by the sink's code, so a change
     * of the ids of existing keys fails this test.
     */
    static String idOf(String key) {
        if (UNSIGNED.matcher(key).matches()) {
            try {
                return Long.toUnsignedString(Long.parseUnsignedLong(key));
            } catch (NumberFormatException aboveU64) {
                // hashed below
            }
        } else if (UUID_TEXT.matcher(key).matches()) {
            return key;
        }
        return UUID.nameUUIDFromBytes(("connect-ai:" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Producing, waiting, reading back
    // ---------------------------------------------------------------------------------------------------------

    private static int produced;

    /** Sends the entries added since the last call, in order, and waits until both sinks committed all of them. */
    private static void produceAndAwait() throws Exception {
        for (Entry e : CORPUS.subList(produced, CORPUS.size())) {
            e.offset = producer.send(new ProducerRecord<>(e.pipeline.topic, 0, e.key, e.value)).get().offset();
        }
        produced = CORPUS.size();
        for (Pipeline p : Pipeline.values()) {
            long end = CORPUS.stream().filter(e -> e.pipeline == p).count();
            try {
                ConnectHarness.await(() -> connect.committedOffsets(p.connector) == end, WAIT,
                        p.connector + " to commit offset " + end);
            } catch (AssertionError stuck) {
                // Say why: a failed task is the likeliest cause, and its trace names the record's fault.
                ConnectorStateInfo status = connect.status(p.connector);
                String tasks = status.tasks().stream().map(t -> t.id() + "=" + t.state()
                        + (t.trace() == null ? "" : " " + t.trace().lines().findFirst().orElse(""))).collect(Collectors.joining("; "));
                throw new AssertionError(stuck.getMessage() + "; tasks: " + tasks, stuck);
            }
        }
    }

    /** The pipeline's DLQ records by the offset they had in the source topic. */
    private static Map<Long, ConsumerRecord<byte[], byte[]>> dlqByOffset(Pipeline p) {
        Map<Long, ConsumerRecord<byte[], byte[]>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.cluster().kafka().bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(p.dlq, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime() - deadline).as("reading " + p.dlq).isNegative();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(header(r, "__connect.errors.topic")).isEqualTo(p.topic);
                    ConsumerRecord<byte[], byte[]> twice = out.put(Long.parseLong(header(r, "__connect.errors.offset")), r);
                    assertThat(twice).as("a record reported twice to " + p.dlq).isNull();
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void checkStored(SoftAssertions soft, String what, Pipeline p, String id, Map<String, String> fields,
                                    Map<String, List<RetrievedPoint>> documents, Map<String, RetrievedPoint> reviews) {
        List<RetrievedPoint> found = p == Pipeline.RAG ? documents.get(id)
                : reviews.containsKey(id) ? List.of(reviews.get(id)) : null;
        if (found == null || found.isEmpty()) {
            soft.fail(what + ": point " + id + " is not in " + p.collection);
            return;
        }
        for (RetrievedPoint point : found) {
            soft.assertThat(QdrantPoints.dense(point)).as(what + " vector").hasSize(DIMS);
            fields.forEach((field, value) -> soft.assertThat(render(point.getPayloadMap().get(field)))
                    .as(what + " payload " + field).isEqualTo(value));
            if (p == Pipeline.RAG) {
                soft.assertThat(render(point.getPayloadMap().get("chunk_count"))).as(what + " chunk_count")
                        .isEqualTo(Integer.toString(found.size()));
            }
        }
    }

    private static String render(Value v) {
        if (v == null) {
            return "(missing)";
        }
        return switch (v.getKindCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INTEGER_VALUE -> Long.toString(v.getIntegerValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case NULL_VALUE -> "null";
            default -> v.toString().strip();
        };
    }

    /** What became of an entry, for the table. */
    private static String observe(Entry e, ConsumerRecord<byte[], byte[]> dead, Map<String, List<RetrievedPoint>> documents,
                                  Map<String, RetrievedPoint> reviews) {
        if (dead != null) {
            String stage = header(dead, "__connect.errors.stage");
            String reason = "TASK_PUT".equals(stage) ? header(dead, "__connect.errors.exception.message")
                    : causeLine(header(dead, "__connect.errors.exception.stacktrace"));
            reason = reason == null ? "" : reason.replaceAll(" \\(topic=.*\\)$", "").replace("\n", "\\n");
            return "DLQ " + stage + ": " + (reason.length() > 110 ? reason.substring(0, 110) + "…" : reason);
        }
        String id = e.outcome instanceof Outcome.Stored s ? s.id : e.outcome instanceof Outcome.Superseded s ? s.id
                : e.outcome instanceof Outcome.Absent a ? a.id : ((Outcome.Dead) e.outcome).keptId;
        boolean present = id != null && (e.pipeline == Pipeline.RAG ? documents.containsKey(id) : reviews.containsKey(id));
        if (e.outcome instanceof Outcome.Superseded) {
            return "overwritten or deleted by a later record of its key";
        }
        if (e.outcome instanceof Outcome.Absent a) {
            return present ? "STILL PRESENT" : a.existed ? "deleted" : "no-op";
        }
        if (e.outcome instanceof Outcome.Dead) {
            String keyId = e.key == null ? null : idOf(new String(e.key, StandardCharsets.UTF_8));
            boolean stored = keyId != null && (e.pipeline == Pipeline.RAG ? documents.containsKey(keyId)
                    : reviews.containsKey(keyId));
            return stored ? "STORED, expected in the DLQ" : "NOT IN THE DLQ";
        }
        if (!present) {
            return "LOST (not in Qdrant, not in the DLQ)";
        }
        String shortId = id.length() > 36 ? id.substring(0, 36) + "…" : id;
        return "stored as " + shortId + (e.pipeline == Pipeline.RAG ? " (" + documents.get(id).size() + " chunk(s))" : "");
    }

    /** The innermost cause's first line of a stack trace: the reason Jackson gave. */
    private static String causeLine(String trace) {
        if (trace == null) {
            return null;
        }
        String last = null;
        for (String line : trace.split("\n")) {
            if (line.startsWith("Caused by: ")) {
                last = line.substring("Caused by: ".length());
            }
        }
        return last == null ? trace.split("\n")[0] : last;
    }

    private static String workerLog() throws IOException {
        assertThat(WORKER_LOG).as("the worker log file of log4j2-test.properties").exists();
        byte[] all = Files.readAllBytes(WORKER_LOG);
        return new String(all, (int) Math.min(logStart, all.length), (int) Math.max(0, all.length - logStart),
                StandardCharsets.UTF_8);
    }

    private static void printTable() {
        StringBuilder out = new StringBuilder("\nHostile corpus: kind → connector → outcome\n");
        out.append("| # | kind | connector | outcome |\n|---|---|---|---|\n");
        int n = 0;
        for (Entry e : CORPUS) {
            out.append("| ").append(++n).append(" | ").append(e.kind.replace("|", "\\|")).append(" | ")
                    .append(e.pipeline.connector).append(" | ").append(e.observed.replace("|", "\\|")).append(" |\n");
        }
        long dead = CORPUS.stream().filter(e -> e.outcome instanceof Outcome.Dead).count();
        out.append(CORPUS.size()).append(" records, ").append(dead).append(" expected in a DLQ\n");
        System.out.println(out);
    }
}

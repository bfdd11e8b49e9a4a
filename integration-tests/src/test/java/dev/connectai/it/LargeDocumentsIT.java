package dev.connectai.it;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream of large documents whose embedding takes far longer than the consumer's max.poll.interval.ms (set low
 * here) in one go: with put.max.duration.ms the task writes a slice at a time and hands the rest back, so it is
 * never evicted from its group and embeds every chunk exactly once.
 */
class LargeDocumentsIT {

    private static final String TOPIC = "large-docs";
    private static final String CONNECTOR = "large-docs-to-qdrant";
    private static final int DOCUMENTS = 24;

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
        // Lets the connector lower its consumer's max.poll.interval.ms.
        connect = ConnectHarness.start(1, Map.of("connector.client.config.override.policy", "All"));
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

    /** About 30 KB of distinct sentences: over a hundred chunks of 64 tokens. */
    private static String document(int d) {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; sb.length() < 30_000; p++) {
            for (int s = 0; s < 6; s++) {
                sb.append("Document ").append(d).append(" paragraph ").append(p).append(" sentence ").append(s)
                        .append(" reports that parcel ").append(d * 1_000 + p).append(" reached depot ")
                        .append((p * 7 + s) % 13).append(" on day ").append(s + 1).append(". ");
            }
            sb.append("\n\n");
        }
        return sb.toString();
    }

    @Test
    void largeDocumentsAreWrittenSliceBySliceWithoutEvictionOrReEmbedding() throws Exception {
        connect.createTopic(TOPIC, 1);
        for (int d = 0; d < DOCUMENTS; d++) {
            connect.produce(TOPIC, "doc-" + d, "{\"body\":\"" + document(d).replace("\n", "\\n") + "\"}");
        }
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.connectai.qdrant.QdrantSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", TOPIC);
        c.put("qdrant.url", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            c.put("qdrant.api.key", qdrant.apiKey());
        }
        c.put("collection.name", TOPIC);
        c.put("collection.auto.create", "true");
        c.put("vector.field", "");
        c.put("embed.input.field", "body");
        c.put("payload.exclude", "body");
        c.put("chunk.size.tokens", "64");
        c.put("chunk.overlap.tokens", "8");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("model.name", "all-minilm-l6-v2-q");
        // Embedding all 24 documents in one put() takes well over 15 s on this machine's 2 cores.
        c.put("consumer.override.max.poll.interval.ms", "15000");
        c.put("put.max.duration.ms", "1000");
        connect.cluster().configureConnector(CONNECTOR, c);
        connect.awaitRunning(CONNECTOR, 1);

        ConnectHarness.await(() -> connect.committedOffsets(CONNECTOR) >= DOCUMENTS, Duration.ofMinutes(4),
                "all " + DOCUMENTS + " documents committed (now " + connect.committedOffsets(CONNECTOR) + ")");
        assertThat(connect.status(CONNECTOR).tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));

        long points = qdrant.client().countAsync(TOPIC).get();
        double embedded = metric("texts-embedded-total");
        double handedBack = metric("records-handed-back-total");
        assertThat(handedBack).as("the time budget made the task hand records back").isPositive();
        assertThat(points).as("chunks of %d documents", DOCUMENTS).isGreaterThan(DOCUMENTS * 50L);
        assertThat(embedded).as("every chunk embedded exactly once: no batch was re-delivered after an eviction")
                .isEqualTo((double) points);
    }

    private static double metric(String attribute) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (ObjectName n : jmx.queryNames(new ObjectName(
                "dev.connectai:type=qdrant-sink-metrics,connector=" + CONNECTOR + ",*"), null)) {
            sum += ((Number) jmx.getAttribute(n, attribute)).doubleValue();
        }
        return sum;
    }
}

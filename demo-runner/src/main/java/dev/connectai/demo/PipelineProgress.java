package dev.connectai.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.qdrant.client.QdrantClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Live figures of the reviews pipeline (synthetic source → EmbedText → topic → Qdrant sink), read from where
 * each stage leaves its trace rather than from the pipeline's own logs:
 * <ul>
 *   <li>generated: the source task's {@code source-record-poll-total} (Connect's JMX metric, this JVM runs the worker),
 *   <li>embedded: records on the topic; the SMT runs on the source, so every record there carries its vector,
 *   <li>in Qdrant: the collection's exact point count,
 *   <li>sink lag: topic end offsets minus the sink group's committed offsets.
 * </ul>
 * Every tick also reads all connector states and stops the demo when a connector or task has FAILED.
 */
final class PipelineProgress {

    private final Admin admin;
    private final QdrantClient qdrant;
    private final ConnectRest rest;
    private final String sourceConnector;
    private final String topic;
    private final String sinkGroup;
    private final String collection;
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    PipelineProgress(Admin admin, QdrantClient qdrant, ConnectRest rest, String sourceConnector, String topic,
                     String sinkConnector, String collection) {
        this.admin = admin;
        this.qdrant = qdrant;
        this.rest = rest;
        this.sourceConnector = sourceConnector;
        this.topic = topic;
        this.sinkGroup = "connect-" + sinkConnector; // Connect's default group id for a sink connector
        this.collection = collection;
    }

    /** One reading of every stage. */
    record Snapshot(long generated, long embedded, long inQdrant, long sinkLag) {
    }

    /** Thrown when a connector or task of the worker is FAILED; the message lists them with their trace's first line. */
    static final class PipelineFailed extends Exception {
        PipelineFailed(String message) {
            super(message);
        }
    }

    /** Prints a line every {@code intervalSeconds} for {@code seconds}; returns the last reading. */
    Snapshot watch(int seconds, int intervalSeconds) throws Exception {
        System.out.printf("%6s %10s %10s %10s %11s %9s%n",
                "time", "generated", "embedded", "in Qdrant", "embedded/s", "sink lag");
        Snapshot previous = read();
        long start = System.nanoTime();
        long previousAt = start;
        for (int tick = 1; tick * intervalSeconds <= seconds; tick++) {
            long due = start + TimeUnit.SECONDS.toNanos((long) tick * intervalSeconds);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            try {
                failIfAnyFailed();
            } catch (PipelineFailed e) {
                System.out.println();
                states().forEach(s -> System.out.println("  " + s));
                throw e;
            }
            Snapshot now = read();
            long at = System.nanoTime();
            double rate = (now.embedded - previous.embedded) / ((at - previousAt) / 1e9);
            System.out.printf("%5ds %10s %10d %10d %11.1f %9d%n", tick * intervalSeconds,
                    now.generated < 0 ? "-" : Long.toString(now.generated), now.embedded, now.inQdrant, rate,
                    now.sinkLag);
            previous = now;
            previousAt = at;
        }
        return previous;
    }

    Snapshot read() throws Exception {
        // Downstream first: then each figure is at most the one upstream of it, as a reader expects.
        long inQdrant = points(qdrant, collection);
        Map<TopicPartition, Long> ends = endOffsets(topic);
        long embedded = ends.values().stream().mapToLong(Long::longValue).sum();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(sinkGroup).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue() - (c == null ? 0 : c.offset());
        }
        return new Snapshot(generated(), embedded, inQdrant, lag);
    }

    /** Records on each partition of a topic. */
    Map<TopicPartition, Long> endOffsets(String name) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(name).partitions().stream().map(p -> new TopicPartition(name, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The collection's exact point count; 0 before the sink has created it. */
    static long points(QdrantClient qdrant, String collection) throws Exception {
        if (!qdrant.collectionExistsAsync(collection).get(10, TimeUnit.SECONDS)) {
            return 0;
        }
        return qdrant.countAsync(collection, null, true).get(10, TimeUnit.SECONDS);
    }

    /** Records the source task has generated, or -1 when Connect's metric is not there (yet). */
    private long generated() {
        try {
            ObjectName pattern = new ObjectName(
                    "kafka.connect:type=source-task-metrics,connector=" + sourceConnector + ",task=*");
            long total = -1;
            for (ObjectName name : jmx.queryNames(pattern, null)) {
                Object v = jmx.getAttribute(name, "source-record-poll-total");
                total = Math.max(total, 0) + ((Number) v).longValue();
            }
            return total;
        } catch (Exception e) {
            return -1; // a progress figure, not worth stopping the demo for
        }
    }

    /** Reads every connector's state in one call and throws when any connector or task is FAILED. */
    void failIfAnyFailed() throws Exception {
        JsonNode all = rest.get("/connectors?expand=status");
        List<String> failed = new ArrayList<>();
        all.fields().forEachRemaining(entry -> {
            JsonNode status = entry.getValue().path("status");
            JsonNode connector = status.path("connector");
            if ("FAILED".equals(connector.path("state").asText())) {
                failed.add(entry.getKey() + " (connector) FAILED: " + firstLine(connector.path("trace").asText()));
            }
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    failed.add(entry.getKey() + " task " + task.path("id").asInt() + " FAILED: "
                            + firstLine(task.path("trace").asText()));
                }
            }
        });
        if (!failed.isEmpty()) {
            throw new PipelineFailed(String.join("\n", failed));
        }
    }

    /** Connector and task states, one line per connector, for the console. */
    List<String> states() throws Exception {
        JsonNode all = rest.get("/connectors?expand=status");
        List<String> out = new ArrayList<>();
        all.fields().forEachRemaining(entry -> {
            JsonNode status = entry.getValue().path("status");
            List<String> tasks = new ArrayList<>();
            status.path("tasks").forEach(t -> tasks.add(t.path("id").asInt() + ":" + t.path("state").asText()));
            out.add(String.format("%-30s %-8s tasks %s", entry.getKey(),
                    status.path("connector").path("state").asText(), tasks));
        });
        return out;
    }

    private static String firstLine(String trace) {
        int nl = trace.indexOf('\n');
        return nl < 0 ? trace : trace.substring(0, nl);
    }
}

package dev.connectai.qdrant;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one sink task: group {@code qdrant-sink-metrics}, tagged with the task. */
final class SinkMetrics implements AutoCloseable {

    static final String GROUP = "qdrant-sink-metrics";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String prefix;
    final Sensor upserted;
    final Sensor deleted;
    final Sensor batches;
    final Sensor batchLatency;
    final Sensor retries;
    final Sensor deadLettered;

    SinkMetrics(String connector, String task) {
        prefix = "qdrant-sink-" + SEQUENCE.incrementAndGet() + "-";
        Map<String, String> tags = Map.of("connector", connector, "task", task);
        upserted = PluginMetrics.counter(prefix + "upserted", "points-upserted", GROUP, "points upserted", tags);
        deleted = PluginMetrics.counter(prefix + "deleted", "points-deleted", GROUP, "point deletes sent", tags);
        batches = PluginMetrics.counter(prefix + "batches", "batches", GROUP, "upsert requests", tags);
        batchLatency = PluginMetrics.latency(prefix + "latency", "batch-latency", GROUP, "upsert request latency", tags);
        retries = PluginMetrics.counter(prefix + "retries", "retries", GROUP, "batches handed back to Connect to retry", tags);
        deadLettered = PluginMetrics.counter(prefix + "dlq", "records-dead-lettered", GROUP,
                "records sent to the dead letter queue", tags);
    }

    @Override
    public void close() {
        PluginMetrics.removeSensors(prefix + "upserted", prefix + "deleted", prefix + "batches", prefix + "latency",
                prefix + "retries", prefix + "dlq");
    }
}

package dev.connectai.qdrant;

import java.util.Map;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one sink task: group {@code qdrant-sink-metrics}, tagged with the task. */
final class SinkMetrics extends PluginMetrics {

    static final String GROUP = "qdrant-sink-metrics";

    final Sensor upserted;
    final Sensor deleted;
    final Sensor batches;
    final Sensor batchLatency;
    final Sensor retries;
    final Sensor deadLettered;

    SinkMetrics(String connector, String task) {
        super(GROUP, "qdrant-sink-" + nextInstance() + "-", Map.of("connector", connector, "task", task));
        upserted = counter("upserted", "points-upserted", "points upserted");
        deleted = counter("deleted", "points-deleted", "point deletes sent");
        batches = counter("batches", "batches", "upsert requests");
        batchLatency = latency("latency", "batch-latency", "upsert request latency");
        retries = counter("retries", "retries", "batches handed back to Connect to retry");
        deadLettered = counter("dlq", "records-dead-lettered", "records sent to the dead letter queue");
    }
}

package dev.connectai.qdrant;

import java.util.Map;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one sink task: group {@code qdrant-sink-metrics}, tagged with the task. */
final class SinkMetrics extends PluginMetrics {

    static final String GROUP = "qdrant-sink-metrics";

    final Sensor upserted = counter("points-upserted", "points upserted");
    final Sensor deleted = counter("points-deleted", "point deletes sent");
    final Sensor batches = counter("batches", "upsert requests");
    final Sensor batchLatency = latency("batch-latency", "upsert request latency");
    final Sensor retries = counter("retries", "batches handed back to Connect to retry");
    final Sensor deadLettered = counter("records-dead-lettered", "records sent to the dead letter queue");
    final Sensor embedded = counter("texts-embedded", "texts (chunks included) embedded by the sink's model");
    final Sensor handedBack = counter("records-handed-back",
            "records handed back unwritten because put.max.duration.ms was spent; they come again");

    SinkMetrics(String connector, String task) {
        super(GROUP, Map.of("connector", connector, "task", task));
    }
}

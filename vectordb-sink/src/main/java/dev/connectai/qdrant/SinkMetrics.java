package dev.connectai.qdrant;

import java.util.Map;

import dev.connectai.toolkit.embedding.TruncationNotice;
import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one sink task: group {@code qdrant-sink-metrics}, tagged with the task. */
final class SinkMetrics extends PluginMetrics {

    static final String GROUP = "qdrant-sink-metrics";
    static final double WRITE_LAG_RANGE_MS = 3_600_000;

    final Sensor upserted = counter("points-upserted", "points upserted");
    final Sensor deleted = counter("points-deleted", "point deletes sent");
    final Sensor batches = counter("batches", "upsert requests");
    final Sensor batchLatency = latency("batch-latency", "upsert request latency");
    final Sensor retries = counter("retries", "batches handed back to Connect to retry");
    final Sensor deadLettered = counter("records-dead-lettered", "records sent to the dead letter queue");
    final Sensor embedded = counter("texts-embedded", "texts (chunks included) embedded by the sink's model");
    final Sensor skipped = counter("embeddings-skipped", "texts (chunks included) not embedded because the stored point "
            + "already holds the vector of the identical text (embed.skip.unchanged); only their payload was written");
    final Sensor payloadUpdated = counter("points-payload-updated",
            "points whose payload alone was replaced, their stored vectors kept (embed.skip.unchanged)");
    final Sensor truncated = counter(TruncationNotice.METRIC, TruncationNotice.DESCRIPTION);
    final Sensor handedBack = counter("records-handed-back",
            "records handed back unwritten because put.max.duration.ms was spent; they come again");

    /**
     * Freshness: from a record's Kafka timestamp to Qdrant acknowledging its point. 4,000 buckets over one hour:
     * p50/p99 read at most sqrt(0.9 * lag ms) ms low (30 ms at 1 s, 95 ms at 10 s, 1.8 s at 1 h); a lag over an
     * hour counts as one hour there, while {@code -max} stays exact.
     */
    private final Sensor writeLag = distribution("record-write-lag-ms",
            "time in ms from a record's timestamp to Qdrant acknowledging its point", WRITE_LAG_RANGE_MS, 4_000);
    private final Sensor lastWritten = gauge("last-written-record-timestamp-ms",
            "Timestamp (epoch ms) of the newest record whose point Qdrant has acknowledged");
    /** Only the task thread writes; kept so records written out of timestamp order never move the gauge back. */
    private long newestWritten = Long.MIN_VALUE;

    SinkMetrics(String connector, String task) {
        super(GROUP, Map.of("connector", connector, "task", task));
    }

    /** This task as logs name it: {@code Qdrant sink <connector> task <n>}. */
    String label() {
        return "Qdrant sink " + tag("connector") + " task " + tag("task");
    }

    /** Qdrant acknowledged at {@code nowMs} the point of a record with this Kafka timestamp. */
    void written(long recordTimestampMs, long nowMs) {
        writeLag.record(nowMs - recordTimestampMs, nowMs);
        if (recordTimestampMs > newestWritten) {
            newestWritten = recordTimestampMs;
            lastWritten.record(recordTimestampMs, nowMs);
        }
    }
}

package dev.connectai.toolkit.embedding;

import java.util.Map;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * JMX metrics of one embedding user (a transform instance or a sink task), group
 * {@code embedding-metrics}, tagged with the model id and an instance label such as {@code embed-text-3}.
 */
public final class EmbeddingMetrics extends PluginMetrics {

    public static final String GROUP = "embedding-metrics";

    private final Sensor embedded = counter("texts-embedded", "texts embedded by the model");
    private final Sensor cacheHits = counter("cache-hits", "texts answered from the cache");
    private final Sensor unchanged = counter("embeddings-skipped",
            "texts not embedded because the record key's text was unchanged (its last vector was reused)");
    private final Sensor failures = counter("failures", "failed embedding calls");
    private final Sensor latency = latency("embed-latency", "model call latency");
    private final Sensor truncated = counter(TruncationNotice.METRIC, TruncationNotice.DESCRIPTION);

    public EmbeddingMetrics(String modelId, String user) {
        super(GROUP, Map.of("model", modelId, "instance", instance(user)));
    }

    /** The {@code instance} tag, e.g. {@code embed-text-3}, to name this user in logs. */
    public String instance() {
        return tag("instance");
    }

    /** The in-process model cut this many texts to its token limit. */
    public void truncated(int texts) {
        truncated.record(texts);
    }

    public void embedded(int texts, long nanos) {
        embedded.record(texts);
        latency.record(nanos / 1_000_000.0);
    }

    public void cacheHit() {
        cacheHits.record(1);
    }

    /** A record whose key's text was unchanged got the vector of the key's last record. */
    public void unchangedSkip() {
        unchanged.record(1);
    }

    public void failure() {
        failures.record(1);
    }
}

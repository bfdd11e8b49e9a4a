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

    private final Sensor embedded;
    private final Sensor cacheHits;
    private final Sensor failures;
    private final Sensor latency;

    public EmbeddingMetrics(String modelId, String user) {
        this(user + "-" + nextInstance(), modelId);
    }

    private EmbeddingMetrics(String instance, String modelId) {
        super(GROUP, "embedding-" + instance + "-", Map.of("model", modelId, "instance", instance));
        embedded = counter("embedded", "texts-embedded", "texts embedded by the model");
        cacheHits = counter("cache-hits", "cache-hits", "texts answered from the cache");
        failures = counter("failures", "failures", "failed embedding calls");
        latency = latency("latency", "embed-latency", "model call latency");
    }

    public void embedded(int texts, long nanos) {
        embedded.record(texts);
        latency.record(nanos / 1_000_000.0);
    }

    public void cacheHit() {
        cacheHits.record(1);
    }

    public void failure() {
        failures.record(1);
    }
}

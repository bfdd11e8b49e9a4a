package dev.connectai.toolkit.embedding;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * JMX metrics of one embedding user (a transform instance or a sink task), group
 * {@code embedding-metrics}, tagged with the model id and an instance label such as {@code embed-text-3}
 * (transforms are not told their connector's name, so a per-JVM sequence keeps names unique).
 */
public final class EmbeddingMetrics implements AutoCloseable {

    public static final String GROUP = "embedding-metrics";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String prefix;
    private final Sensor embedded;
    private final Sensor cacheHits;
    private final Sensor failures;
    private final Sensor latency;

    public EmbeddingMetrics(String modelId, String user) {
        String instance = user + "-" + SEQUENCE.incrementAndGet();
        prefix = "embedding-" + instance + "-";
        Map<String, String> tags = Map.of("model", modelId, "instance", instance);
        embedded = PluginMetrics.counter(prefix + "embedded", "texts-embedded", GROUP, "texts embedded by the model", tags);
        cacheHits = PluginMetrics.counter(prefix + "cache-hits", "cache-hits", GROUP, "texts answered from the cache", tags);
        failures = PluginMetrics.counter(prefix + "failures", "failures", GROUP, "failed embedding calls", tags);
        latency = PluginMetrics.latency(prefix + "latency", "embed-latency", GROUP, "model call latency", tags);
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

    @Override
    public void close() {
        PluginMetrics.removeSensors(prefix + "embedded", prefix + "cache-hits", prefix + "failures", prefix + "latency");
    }
}

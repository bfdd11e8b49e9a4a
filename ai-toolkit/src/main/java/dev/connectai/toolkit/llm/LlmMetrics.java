package dev.connectai.toolkit.llm;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one LLM-calling plugin instance: group {@code llm-metrics}, tagged with model and instance. */
public final class LlmMetrics implements AutoCloseable {

    public static final String GROUP = "llm-metrics";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String prefix;
    public final Sensor calls;
    public final Sensor tokensIn;
    public final Sensor tokensOut;
    public final Sensor latency;
    public final Sensor repairs;
    public final Sensor failures;
    public final Sensor cacheHits;

    public LlmMetrics(String modelId, String kind) {
        String instance = kind + "-" + SEQUENCE.incrementAndGet();
        prefix = "llm-" + instance + "-";
        Map<String, String> tags = Map.of("model", modelId, "instance", instance);
        calls = PluginMetrics.counter(prefix + "calls", "calls", GROUP, "model calls", tags);
        tokensIn = PluginMetrics.counter(prefix + "in", "tokens-in", GROUP, "prompt tokens", tags);
        tokensOut = PluginMetrics.counter(prefix + "out", "tokens-out", GROUP, "completion tokens", tags);
        latency = PluginMetrics.latency(prefix + "latency", "call-latency", GROUP, "model call latency", tags);
        repairs = PluginMetrics.counter(prefix + "repairs", "repairs", GROUP, "repair requests after invalid answers", tags);
        failures = PluginMetrics.counter(prefix + "failures", "failures", GROUP, "records that failed", tags);
        cacheHits = PluginMetrics.counter(prefix + "cache", "cache-hits", GROUP, "records answered from the cache", tags);
    }

    @Override
    public void close() {
        PluginMetrics.removeSensors(prefix + "calls", prefix + "in", prefix + "out", prefix + "latency",
                prefix + "repairs", prefix + "failures", prefix + "cache");
    }
}

package dev.connectai.toolkit.llm;

import java.util.Map;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one LLM-calling plugin instance: group {@code llm-metrics}, tagged with model and instance. */
public final class LlmMetrics extends PluginMetrics {

    public static final String GROUP = "llm-metrics";

    public final Sensor calls;
    public final Sensor tokensIn;
    public final Sensor tokensOut;
    public final Sensor latency;
    public final Sensor repairs;
    public final Sensor failures;
    public final Sensor cacheHits;

    public LlmMetrics(String modelId, String kind) {
        this(kind + "-" + nextInstance(), modelId);
    }

    private LlmMetrics(String instance, String modelId) {
        super(GROUP, "llm-" + instance + "-", Map.of("model", modelId, "instance", instance));
        calls = counter("calls", "calls", "model calls");
        tokensIn = counter("in", "tokens-in", "prompt tokens");
        tokensOut = counter("out", "tokens-out", "completion tokens");
        latency = latency("latency", "call-latency", "model call latency");
        repairs = counter("repairs", "repairs", "repair requests after invalid answers");
        failures = counter("failures", "failures", "records that failed");
        cacheHits = counter("cache", "cache-hits", "records answered from the cache");
    }
}

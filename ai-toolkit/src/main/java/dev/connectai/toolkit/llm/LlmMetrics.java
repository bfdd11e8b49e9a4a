package dev.connectai.toolkit.llm;

import java.util.Map;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/** JMX metrics of one LLM-calling plugin instance: group {@code llm-metrics}, tagged with model and instance. */
public final class LlmMetrics extends PluginMetrics {

    public static final String GROUP = "llm-metrics";

    public final Sensor calls = counter("calls", "model calls");
    public final Sensor tokensIn = counter("tokens-in", "prompt tokens");
    public final Sensor tokensOut = counter("tokens-out", "completion tokens");
    public final Sensor latency = latency("call-latency", "model call latency");
    public final Sensor repairs = counter("repairs", "repair requests after invalid answers");
    public final Sensor failures = counter("failures", "records that failed");
    public final Sensor cacheHits = counter("cache-hits", "records answered from the cache");

    public LlmMetrics(String modelId, String kind) {
        super(GROUP, Map.of("model", modelId, "instance", instance(kind)));
    }
}

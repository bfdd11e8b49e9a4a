package dev.connectai.toolkit.remote;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * Token usage and duration of the calls one client makes to a remote model, after the OpenTelemetry GenAI client
 * metrics ({@code gen_ai.client.token.usage} split by {@code gen_ai.token.type}, {@code gen_ai.client.operation.duration}
 * in seconds; opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics). Kafka's metrics library has no histogram
 * type, so the histograms become totals, average, maximum and percentiles.
 * <p>
 * JMX: {@code dev.connectai:type=gen-ai-client-metrics,instance=<user>-<n>,system=<gen_ai.system>,model=<model>,
 * operation=<chat|embeddings>}; attributes {@code token-usage-input-total}, {@code token-usage-output-total} (chat
 * only), {@code operation-duration-seconds-avg|max|p50|p99}, {@code requests-total}, {@code request-errors-total}.
 * One operation is one logical call including the plugin's own retries, as the caller sees it.
 */
public final class GenAiClientMetrics extends PluginMetrics {

    public static final String GROUP = "gen-ai-client-metrics";
    /** {@code gen_ai.operation.name} values. */
    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";
    /** Upper end of the duration percentiles; LLM calls can take a minute or two. */
    static final double MAX_SECONDS = 120.0;

    private final Sensor inputTokens = total("token-usage-input", "input tokens the provider reported");
    private final Sensor outputTokens;
    private final Sensor duration = seconds("operation-duration-seconds", "model call duration", MAX_SECONDS);
    private final Sensor requests = total("requests", "model calls");
    private final Sensor errors = total("request-errors", "model calls that failed");

    /**
     * @param system    the {@code gen_ai.system} value, e.g. {@code openai}
     * @param model     the requested model (Azure: the deployment)
     * @param operation {@link #CHAT} or {@link #EMBEDDINGS}
     * @param user      what makes the calls, for the instance label, e.g. {@code llm-extract}
     */
    public GenAiClientMetrics(String system, String model, String operation, String user) {
        super(GROUP, tags(instance(user), system, model, operation));
        this.outputTokens = CHAT.equals(operation) ? total("token-usage-output", "output tokens the provider reported")
                : null;
    }

    /** In this order, so the ObjectName reads instance, system, model, operation. */
    private static Map<String, String> tags(String instance, String system, String model, String operation) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("instance", instance);
        tags.put("system", system);
        tags.put("model", model);
        tags.put("operation", operation);
        return tags;
    }

    /** Runs one call, timing it and counting it, and its failure if it throws. */
    public <T> T call(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            errors.record(1);
            throw e;
        } finally {
            requests.record(1);
            duration.record((System.nanoTime() - start) / 1e9);
        }
    }

    /** Records the usage block of one answer; a provider that reports nothing records nothing. */
    public void tokens(long input, long output) {
        if (input > 0) {
            inputTokens.record(input);
        }
        if (output > 0 && outputTokens != null) {
            outputTokens.record(output);
        }
    }
}

package dev.connectai.toolkit.llm;

import java.time.Duration;

import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.remote.RetryPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The chat-model settings shared by every plugin that calls an LLM. */
public final class ChatModelConfig {

    public static final String GROUP = "LLM";

    public static final String PROVIDER = "llm.provider";
    public static final String BASE_URL = "llm.base.url";
    public static final String MODEL = "llm.model";
    public static final String API_KEY = "llm.api.key";
    public static final String TEMPERATURE = "llm.temperature";
    public static final String SEED = "llm.seed";
    public static final String MAX_TOKENS = "llm.max.tokens";
    public static final String TIMEOUT_MS = "llm.timeout.ms";
    public static final String MAX_RETRIES = "llm.max.retries";
    public static final String RETRY_BACKOFF_MS = "llm.retry.backoff.ms";
    public static final String RETRY_AFTER_MAX_MS = "llm.retry.after.max.ms";

    private ChatModelConfig() {
    }

    public static ConfigDef addTo(ConfigDef def) {
        return addTo(def, true);
    }

    /** With {@code modelRequired=false} the model may stay empty, for plugins where the LLM is optional. */
    public static ConfigDef addTo(ConfigDef def, boolean modelRequired) {
        int o = 0;
        return def
                .define(PROVIDER, Type.STRING, "openai", Enums.validator(ChatProvider.class), Importance.HIGH,
                        "'openai': any OpenAI-compatible /chat/completions endpoint (OpenAI, vLLM, LM Studio, gateways, "
                                + "Ollama's /v1); 'ollama': Ollama's native /api/chat.",
                        GROUP, ++o, Width.SHORT, "Provider")
                .define(BASE_URL, Type.STRING, "", Importance.HIGH,
                        "Base URL, e.g. 'https://api.openai.com/v1' or 'http://ollama:11434'; empty means the provider's "
                                + "public default.", GROUP, ++o, Width.LONG, "Base URL")
                .define(MODEL, Type.STRING, modelRequired ? ConfigDef.NO_DEFAULT_VALUE : "",
                        modelRequired ? new ConfigDef.NonEmptyString() : null, Importance.HIGH,
                        "Model name, e.g. 'gpt-4o-mini' or 'llama3.1'.", GROUP, ++o, Width.MEDIUM, "Model")
                .define(API_KEY, Type.PASSWORD, null, Importance.HIGH,
                        "API key sent as a bearer token; use a config provider (${env:...}, ${file:...}). Never logged.",
                        GROUP, ++o, Width.LONG, "API key")
                .define(TEMPERATURE, Type.DOUBLE, 0.0, Range.between(0.0, 2.0), Importance.MEDIUM,
                        "Sampling temperature; 0 makes answers as repeatable as the model allows.",
                        GROUP, ++o, Width.SHORT, "Temperature")
                .define(SEED, Type.INT, null, Importance.LOW, "Sampling seed, for endpoints that honour one.",
                        GROUP, ++o, Width.SHORT, "Seed")
                .define(MAX_TOKENS, Type.INT, 1024, Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Most tokens the model may answer with; an answer cut at this limit is a failure, never a "
                                + "partial record.", GROUP, ++o, Width.SHORT, "Max tokens")
                .define(TIMEOUT_MS, Type.LONG, 60_000L, Range.between(1, 600_000), Importance.LOW,
                        "Timeout of one model call, in milliseconds.", GROUP, ++o, Width.SHORT, "Timeout (ms)")
                .define(MAX_RETRIES, Type.INT, 3, Range.between(0, 100), Importance.LOW,
                        "Retries on 429, 408, 5xx, timeouts and refused connections before the fault is handed to "
                                + "Connect as retriable (see errors.retry.timeout). A rejected key (401/403), an "
                                + "unknown model (404) or an exhausted quota (429 insufficient_quota) is never "
                                + "retried: it fails the task.", GROUP, ++o, Width.SHORT, "Max retries")
                .define(RETRY_BACKOFF_MS, Type.LONG, 1000L, Range.between(0, 60_000), Importance.LOW,
                        "First backoff between retries; doubles each retry.", GROUP, ++o, Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_AFTER_MAX_MS, Type.LONG, 30_000L, Range.between(0, 3_600_000), Importance.LOW,
                        "Longest Retry-After the plugin waits in place; a longer one goes to Connect at once as retriable.",
                        GROUP, ++o, Width.SHORT, "Max Retry-After (ms)");
    }

    public static ChatModelSpec spec(AbstractConfig config) {
        ChatProvider provider = Enums.parse(ChatProvider.class, config.getString(PROVIDER));
        String base = config.getString(BASE_URL).trim();
        Password key = config.getPassword(API_KEY);
        return new ChatModelSpec(provider, config.getString(MODEL).trim(), base.isEmpty() ? null : base,
                key == null || key.value().isBlank() ? null : key.value(), config.getDouble(TEMPERATURE),
                config.getInt(SEED), config.getInt(MAX_TOKENS), Duration.ofMillis(config.getLong(TIMEOUT_MS)),
                new RetryPolicy(config.getInt(MAX_RETRIES), Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(config.getLong(RETRY_AFTER_MAX_MS))));
    }
}

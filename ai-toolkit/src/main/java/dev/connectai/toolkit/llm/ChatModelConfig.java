package dev.connectai.toolkit.llm;

import java.time.Duration;

import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.config.OptionalRange;
import dev.connectai.toolkit.remote.AzureOpenAi;
import dev.connectai.toolkit.remote.OllamaSettings;
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

    public static final String PREFIX = "llm.";
    public static final String PROVIDER = "llm.provider";
    public static final String BASE_URL = "llm.base.url";
    public static final String MODEL = "llm.model";
    public static final String API_KEY = "llm.api.key";
    public static final String API_VERSION = "llm.api.version";
    public static final String TEMPERATURE = "llm.temperature";
    public static final String SEED = "llm.seed";
    public static final String MAX_TOKENS = "llm.max.tokens";
    public static final String MAX_TOKENS_FIELD = "llm.max.tokens.field";
    public static final String REASONING_EFFORT = "llm.reasoning.effort";
    public static final String OLLAMA_KEEP_ALIVE = PREFIX + OllamaSettings.KEEP_ALIVE_SUFFIX;
    public static final String OLLAMA_NUM_CTX = PREFIX + OllamaSettings.NUM_CTX_SUFFIX;
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
        def
                .define(PROVIDER, Type.STRING, "openai", Enums.validator(ChatProvider.class), Importance.HIGH,
                        "'openai': any OpenAI-compatible /chat/completions endpoint (OpenAI, vLLM, LM Studio, gateways, "
                                + "Ollama's /v1); 'azure-openai': an Azure OpenAI deployment (" + BASE_URL + " is the "
                                + "resource endpoint, " + MODEL + " the deployment, " + API_VERSION + " the API "
                                + "version, the key goes in an api-key header); 'ollama': Ollama's native /api/chat.",
                        GROUP, ++o, Width.SHORT, "Provider")
                .define(BASE_URL, Type.STRING, "", null, Importance.HIGH,
                        "Base URL, e.g. 'https://api.openai.com/v1' or 'http://ollama:11434'; empty means the provider's "
                                + "public default. For azure-openai the resource endpoint, e.g. "
                                + "'https://my-resource.openai.azure.com' (required; no path).", GROUP, ++o, Width.LONG,
                        "Base URL", AzureOpenAi.endpointCheck(PROVIDER, ChatProvider.AZURE_OPENAI.configName(), MODEL))
                .define(MODEL, Type.STRING, modelRequired ? ConfigDef.NO_DEFAULT_VALUE : "",
                        modelRequired ? new ConfigDef.NonEmptyString() : null, Importance.HIGH,
                        "Model name, e.g. 'gpt-4o-mini' or 'llama3.1'; for azure-openai the deployment name.",
                        GROUP, ++o, Width.MEDIUM, "Model")
                .define(API_KEY, Type.PASSWORD, null, Importance.HIGH,
                        "API key, sent as a bearer token (azure-openai: in the api-key header); use a config provider "
                                + "(${env:...}, ${file:...}). Never logged.",
                        GROUP, ++o, Width.LONG, "API key")
                .define(API_VERSION, Type.STRING, AzureOpenAi.DEFAULT_API_VERSION, AzureOpenAi.apiVersionValidator(),
                        Importance.LOW, "azure-openai only: the api-version query parameter. The default is the newest "
                                + "dated GA inference version; reasoning_effort needs a newer preview version, e.g. "
                                + "2025-04-01-preview.", GROUP, ++o, Width.SHORT, "API version")
                .define(TEMPERATURE, Type.DOUBLE, null, OptionalRange.between(0.0, 2.0), Importance.MEDIUM,
                        "Sampling temperature. Empty sends none, so the model's default applies (reasoning models "
                                + "accept no other); set 0 for answers as repeatable as the model allows.",
                        GROUP, ++o, Width.SHORT, "Temperature")
                .define(SEED, Type.INT, null, Importance.LOW, "Sampling seed, sent to Ollama (options.seed) only: "
                                + "OpenAI's API specification deprecates 'seed', so OpenAI-compatible and azure-openai "
                                + "requests never carry it.",
                        GROUP, ++o, Width.SHORT, "Seed")
                .define(MAX_TOKENS, Type.INT, 1024, Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Most tokens the model may answer with (reasoning models count their reasoning in it); an "
                                + "answer cut at this limit is a failure, never a partial record. Sent in the field "
                                + MAX_TOKENS_FIELD + " names; Ollama: options.num_predict.",
                        GROUP, ++o, Width.SHORT, "Max tokens")
                .define(MAX_TOKENS_FIELD, Type.STRING, MaxTokensField.MAX_COMPLETION_TOKENS.field(),
                        Enums.validator(MaxTokensField.class), Importance.LOW,
                        "openai and azure-openai: the request field for " + MAX_TOKENS + ". 'max_completion_tokens' "
                                + "is current (OpenAI's reasoning models reject the other); 'max_tokens', deprecated in "
                                + "OpenAI's spec, is for compatible servers that only know it.",
                        GROUP, ++o, Width.MEDIUM, "Max tokens field")
                .define(REASONING_EFFORT, Type.STRING, "", Enums.optionalValidator(ReasoningEffort.class),
                        Importance.LOW, "openai and azure-openai: reasoning_effort for reasoning models (not every "
                                + "model accepts every value; other models reject the field). Empty sends none.",
                        GROUP, ++o, Width.SHORT, "Reasoning effort");
        o = OllamaSettings.define(def, PREFIX, GROUP, o);
        return def
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
        if (provider == ChatProvider.AZURE_OPENAI) {
            AzureOpenAi.checkEndpoint(BASE_URL, base, MODEL);
        }
        Password key = config.getPassword(API_KEY);
        return new ChatModelSpec(provider, config.getString(MODEL).trim(), base.isEmpty() ? null : base,
                key == null || key.value().isBlank() ? null : key.value(), config.getDouble(TEMPERATURE),
                config.getInt(SEED), config.getInt(MAX_TOKENS),
                Enums.parse(MaxTokensField.class, config.getString(MAX_TOKENS_FIELD)),
                Enums.parseOptional(ReasoningEffort.class, config.getString(REASONING_EFFORT)),
                config.getString(API_VERSION).trim(), OllamaSettings.of(config, PREFIX),
                Duration.ofMillis(config.getLong(TIMEOUT_MS)),
                new RetryPolicy(config.getInt(MAX_RETRIES), Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(config.getLong(RETRY_AFTER_MAX_MS))));
    }
}

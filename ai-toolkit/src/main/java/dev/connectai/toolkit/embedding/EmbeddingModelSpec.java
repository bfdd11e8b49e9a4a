package dev.connectai.toolkit.embedding;

import java.time.Duration;
import java.util.Objects;

import dev.connectai.toolkit.remote.OllamaSettings;
import dev.connectai.toolkit.remote.RetryPolicy;

/**
 * Everything that identifies one loaded model. Two users with equal specs share one model instance,
 * so the spec is a value type. {@link #toString()} never shows the API key.
 *
 * @param dimensions vector size to request (OpenAI, Azure, Ollama) and to insist on; null: the model's own
 * @param apiVersion Azure OpenAI's api-version; null for the other providers
 * @param ollama     Ollama-only request settings
 */
public record EmbeddingModelSpec(
        EmbeddingProvider provider,
        String model,
        String baseUrl,
        String apiKey,
        Integer dimensions,
        int maxTokens,
        int batchSize,
        Duration timeout,
        RetryPolicy retry,
        String apiVersion,
        OllamaSettings ollama) {

    public EmbeddingModelSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(ollama, "ollama");
    }

    /** A spec without Azure or Ollama extras. */
    public EmbeddingModelSpec(EmbeddingProvider provider, String model, String baseUrl, String apiKey,
                              Integer dimensions, int maxTokens, int batchSize, Duration timeout, RetryPolicy retry) {
        this(provider, model, baseUrl, apiKey, dimensions, maxTokens, batchSize, timeout, retry, null,
                OllamaSettings.NONE);
    }

    /** The in-process model with default settings (fp32, 256 tokens as sentence-transformers truncates). */
    public static EmbeddingModelSpec local(LocalModelVariant variant) {
        return new EmbeddingModelSpec(EmbeddingProvider.LOCAL, variant.modelName(), null, null, null,
                LocalModelVariant.DEFAULT_MAX_TOKENS, 32, Duration.ofSeconds(30), RetryPolicy.DEFAULT);
    }

    public String id() {
        return provider.configName() + "/" + model;
    }

    @Override
    public String toString() {
        return id() + (baseUrl == null ? "" : " at " + baseUrl)
                + (apiKey == null ? "" : " (api key set)")
                + (provider == EmbeddingProvider.LOCAL ? " max-tokens=" + maxTokens : "");
    }
}

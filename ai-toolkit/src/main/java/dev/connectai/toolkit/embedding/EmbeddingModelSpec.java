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
 * @param files      the local provider's model read from disk ({@code model.path}); null for a catalogue model,
 *                   whose name then picks the build
 * @param threads    the local provider's parallel ONNX runs (cores to use); 0: every core of the worker
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
        OllamaSettings ollama,
        LocalModelFiles files,
        int threads) {

    public EmbeddingModelSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(ollama, "ollama");
        if (files != null && provider != EmbeddingProvider.LOCAL) {
            throw new IllegalArgumentException("model files are read by the local provider only");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (every core) or more");
        }
    }

    /** A spec that uses every core of the worker for a local model. */
    public EmbeddingModelSpec(EmbeddingProvider provider, String model, String baseUrl, String apiKey,
                              Integer dimensions, int maxTokens, int batchSize, Duration timeout, RetryPolicy retry,
                              String apiVersion, OllamaSettings ollama, LocalModelFiles files) {
        this(provider, model, baseUrl, apiKey, dimensions, maxTokens, batchSize, timeout, retry, apiVersion, ollama,
                files, 0);
    }

    /** Parallel ONNX runs a local model may use: {@link #threads()}, or every core when that is 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** A spec of a catalogue or remote model. */
    public EmbeddingModelSpec(EmbeddingProvider provider, String model, String baseUrl, String apiKey,
                              Integer dimensions, int maxTokens, int batchSize, Duration timeout, RetryPolicy retry,
                              String apiVersion, OllamaSettings ollama) {
        this(provider, model, baseUrl, apiKey, dimensions, maxTokens, batchSize, timeout, retry, apiVersion, ollama,
                null);
    }

    /** A spec without Azure or Ollama extras. */
    public EmbeddingModelSpec(EmbeddingProvider provider, String model, String baseUrl, String apiKey,
                              Integer dimensions, int maxTokens, int batchSize, Duration timeout, RetryPolicy retry) {
        this(provider, model, baseUrl, apiKey, dimensions, maxTokens, batchSize, timeout, retry, null,
                OllamaSettings.NONE);
    }

    /** A catalogue model with default settings (truncated where sentence-transformers truncates it). */
    public static EmbeddingModelSpec local(LocalModelVariant variant) {
        return new EmbeddingModelSpec(EmbeddingProvider.LOCAL, variant.modelName(), null, null, null,
                variant.defaultMaxTokens(), 32, Duration.ofSeconds(30), RetryPolicy.DEFAULT);
    }

    /** The in-process model read from {@code files}, named {@code label}, with default settings. */
    public static EmbeddingModelSpec local(String label, LocalModelFiles files) {
        return new EmbeddingModelSpec(EmbeddingProvider.LOCAL, label, null, null, null,
                LocalModelFiles.DEFAULT_MAX_TOKENS, 32, Duration.ofSeconds(30), RetryPolicy.DEFAULT, null,
                OllamaSettings.NONE, files);
    }

    public String id() {
        return provider.configName() + "/" + model;
    }

    @Override
    public String toString() {
        return id() + (baseUrl == null ? "" : " at " + baseUrl)
                + (apiKey == null ? "" : " (api key set)")
                + (files == null ? "" : " from " + files.model())
                + (provider == EmbeddingProvider.LOCAL ? " max-tokens=" + maxTokens : "");
    }
}

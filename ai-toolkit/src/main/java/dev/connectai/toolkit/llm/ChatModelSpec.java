package dev.connectai.toolkit.llm;

import java.time.Duration;

import dev.connectai.toolkit.remote.OllamaSettings;
import dev.connectai.toolkit.remote.RetryPolicy;

/**
 * Which chat model to call and how. {@link #toString()} never shows the API key.
 *
 * @param model           the model name; for Azure OpenAI the deployment name
 * @param temperature     null: not sent, the model's default applies
 * @param seed            sent to Ollama only: OpenAI's spec deprecates {@code seed}
 * @param maxTokensField  which field carries {@code maxTokens} to OpenAI-compatible and Azure endpoints
 * @param reasoningEffort null: not sent; OpenAI-compatible and Azure only
 * @param apiVersion      Azure OpenAI's api-version; ignored by the other providers
 * @param ollama          Ollama-only request settings
 */
public record ChatModelSpec(ChatProvider provider, String model, String baseUrl, String apiKey, Double temperature,
                            Integer seed, int maxTokens, MaxTokensField maxTokensField, ReasoningEffort reasoningEffort,
                            String apiVersion, OllamaSettings ollama, Duration timeout, RetryPolicy retry) {

    public String id() {
        return provider.configName() + "/" + model;
    }

    @Override
    public String toString() {
        return id() + (baseUrl == null ? "" : " at " + baseUrl) + (apiKey == null ? "" : " (api key set)");
    }
}

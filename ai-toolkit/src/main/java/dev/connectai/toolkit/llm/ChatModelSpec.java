package dev.connectai.toolkit.llm;

import java.time.Duration;

import dev.connectai.toolkit.remote.RetryPolicy;

/** Which chat model to call and how. {@link #toString()} never shows the API key. */
public record ChatModelSpec(ChatProvider provider, String model, String baseUrl, String apiKey, double temperature,
                            Integer seed, int maxTokens, Duration timeout, RetryPolicy retry) {

    public String id() {
        return provider.configName() + "/" + model;
    }

    @Override
    public String toString() {
        return id() + (baseUrl == null ? "" : " at " + baseUrl) + (apiKey == null ? "" : " (api key set)");
    }
}

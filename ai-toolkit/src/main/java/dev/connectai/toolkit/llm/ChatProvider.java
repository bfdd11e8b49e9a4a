package dev.connectai.toolkit.llm;

import dev.connectai.toolkit.config.Enums;

/** Chat endpoint dialects. */
public enum ChatProvider {
    /** Any OpenAI-compatible /chat/completions endpoint (OpenAI, vLLM, LM Studio, gateways, Ollama's /v1). */
    OPENAI("https://api.openai.com/v1"),
    /** Ollama's native /api/chat. */
    OLLAMA("http://localhost:11434");

    private final String defaultBaseUrl;

    ChatProvider(String defaultBaseUrl) {
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public String configName() {
        return Enums.configName(this);
    }
}

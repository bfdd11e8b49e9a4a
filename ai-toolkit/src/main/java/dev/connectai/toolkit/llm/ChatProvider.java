package dev.connectai.toolkit.llm;

import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChatProvider fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}

package dev.connectai.toolkit.embedding;

import dev.connectai.toolkit.config.Enums;

/** Where embeddings come from. */
public enum EmbeddingProvider {
    /** all-MiniLM-L6-v2 run in-process with ONNX Runtime; the model ships inside the plugin. */
    LOCAL("all-minilm-l6-v2", null),
    /** Any OpenAI-compatible {@code /embeddings} endpoint. */
    OPENAI("text-embedding-3-small", "https://api.openai.com/v1"),
    /** Ollama's native {@code /api/embed}. */
    OLLAMA("all-minilm", "http://localhost:11434");

    private final String defaultModel;
    private final String defaultBaseUrl;

    EmbeddingProvider(String defaultModel, String defaultBaseUrl) {
        this.defaultModel = defaultModel;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public String defaultModel() {
        return defaultModel;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public String configName() {
        return Enums.configName(this);
    }
}

package dev.connectai.toolkit.embedding;

import dev.connectai.toolkit.config.Enums;

/** Where embeddings come from. */
public enum EmbeddingProvider {
    /** A catalogue model (or the user's own ONNX export) run in-process with ONNX Runtime; no network. */
    LOCAL("all-minilm-l6-v2", null, null),
    /** Any OpenAI-compatible {@code /embeddings} endpoint. */
    OPENAI("text-embedding-3-small", "https://api.openai.com/v1", "openai"),
    /** An Azure OpenAI embeddings deployment; the model name is the deployment name. No public default URL. */
    AZURE_OPENAI("text-embedding-3-small", null, "azure.ai.openai") {
        @Override
        public String toString() {
            return "azure-openai";
        }
    },
    /** Ollama's native {@code /api/embed}. */
    OLLAMA("all-minilm", "http://localhost:11434", "ollama");

    private final String defaultModel;
    private final String defaultBaseUrl;
    private final String genAiSystem;

    EmbeddingProvider(String defaultModel, String defaultBaseUrl, String genAiSystem) {
        this.defaultModel = defaultModel;
        this.defaultBaseUrl = defaultBaseUrl;
        this.genAiSystem = genAiSystem;
    }

    public String defaultModel() {
        return defaultModel;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** OpenTelemetry's {@code gen_ai.system} value for metrics of a remote provider; null for the local model. */
    public String genAiSystem() {
        return genAiSystem;
    }

    public String configName() {
        return Enums.configName(this);
    }
}

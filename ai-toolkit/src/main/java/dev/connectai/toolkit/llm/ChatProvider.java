package dev.connectai.toolkit.llm;

import dev.connectai.toolkit.config.Enums;

/** Chat endpoint dialects. */
public enum ChatProvider {
    /** Any OpenAI-compatible /chat/completions endpoint (OpenAI, vLLM, LM Studio, gateways, Ollama's /v1). */
    OPENAI("https://api.openai.com/v1", "openai"),
    /** Azure OpenAI: a deployment's /chat/completions with api-version and an api-key header; no public default. */
    AZURE_OPENAI(null, "azure.ai.openai") {
        @Override
        public String toString() {
            return "azure-openai";
        }
    },
    /** Ollama's native /api/chat. */
    OLLAMA("http://localhost:11434", "ollama");

    private final String defaultBaseUrl;
    private final String genAiSystem;

    ChatProvider(String defaultBaseUrl, String genAiSystem) {
        this.defaultBaseUrl = defaultBaseUrl;
        this.genAiSystem = genAiSystem;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** OpenTelemetry's {@code gen_ai.system} value for metrics; "ollama" is not in its list of well-known values. */
    public String genAiSystem() {
        return genAiSystem;
    }

    public String configName() {
        return Enums.configName(this);
    }
}

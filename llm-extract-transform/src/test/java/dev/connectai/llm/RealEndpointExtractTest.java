package dev.connectai.llm;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs only against a real endpoint: OPENAI_BASE_URL (with OPENAI_API_KEY, optional OPENAI_CHAT_MODEL and
 * OPENAI_MAX_TOKENS_FIELD for servers that know only max_tokens), AZURE_OPENAI_ENDPOINT (with AZURE_OPENAI_API_KEY,
 * optional AZURE_OPENAI_CHAT_DEPLOYMENT and AZURE_OPENAI_API_VERSION) or OLLAMA_BASE_URL (optional OLLAMA_CHAT_MODEL).
 * The same e-mail must come back as a schema-valid record.
 */
class RealEndpointExtractTest {

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_BASE_URL", matches = ".+")
    void openAiCompatible() {
        Map<String, String> p = new HashMap<>();
        p.put("llm.provider", "openai");
        p.put("llm.base.url", System.getenv("OPENAI_BASE_URL"));
        p.put("llm.api.key", System.getenv().getOrDefault("OPENAI_API_KEY", ""));
        p.put("llm.model", System.getenv().getOrDefault("OPENAI_CHAT_MODEL", "gpt-4o-mini"));
        if (System.getenv("OPENAI_MAX_TOKENS_FIELD") != null) {
            p.put("llm.max.tokens.field", System.getenv("OPENAI_MAX_TOKENS_FIELD"));
        }
        check(p);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_ENDPOINT", matches = ".+")
    void azureOpenAi() {
        Map<String, String> p = new HashMap<>();
        p.put("llm.provider", "azure-openai");
        p.put("llm.base.url", System.getenv("AZURE_OPENAI_ENDPOINT"));
        p.put("llm.api.key", System.getenv().getOrDefault("AZURE_OPENAI_API_KEY", ""));
        p.put("llm.model", System.getenv().getOrDefault("AZURE_OPENAI_CHAT_DEPLOYMENT", "gpt-4o-mini"));
        if (System.getenv("AZURE_OPENAI_API_VERSION") != null) {
            p.put("llm.api.version", System.getenv("AZURE_OPENAI_API_VERSION"));
        }
        check(p);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OLLAMA_BASE_URL", matches = ".+")
    void ollama() {
        Map<String, String> p = new HashMap<>();
        p.put("llm.provider", "ollama");
        p.put("llm.base.url", System.getenv("OLLAMA_BASE_URL"));
        p.put("llm.model", System.getenv().getOrDefault("OLLAMA_CHAT_MODEL", "llama3.1"));
        check(p);
    }

    private static void check(Map<String, String> p) {
        p.put("input.field", "body");
        p.put("extract.schema", LlmExtractTest.SCHEMA);
        LlmExtract<SinkRecord> t = new LlmExtract.Value<>();
        t.configure(p);
        try {
            Map<String, Object> v = new HashMap<>();
            v.put("body", LlmExtractTest.EMAIL);
            Struct out = (Struct) t.apply(new SinkRecord("emails", 0, null, null, null, v, 0L)).value();
            out.validate();
            assertThat(out.getInt64("order_id")).isEqualTo(4821L);
            assertThat(out.getString("issue")).isEqualTo("refund");
        } finally {
            t.close();
        }
    }
}

package dev.connectai.llm;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs only against a real endpoint: OPENAI_BASE_URL (with OPENAI_API_KEY, optional OPENAI_CHAT_MODEL) or
 * OLLAMA_BASE_URL (optional OLLAMA_CHAT_MODEL). The same e-mail must come back as a schema-valid record.
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

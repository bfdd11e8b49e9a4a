package dev.connectai.embedding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs only against a real endpoint: set OPENAI_BASE_URL (with OPENAI_API_KEY, optional OPENAI_EMBEDDING_MODEL),
 * AZURE_OPENAI_ENDPOINT (with AZURE_OPENAI_API_KEY, optional AZURE_OPENAI_EMBEDDING_DEPLOYMENT and
 * AZURE_OPENAI_API_VERSION) or OLLAMA_BASE_URL (optional OLLAMA_EMBEDDING_MODEL). Checks that related texts land closer than unrelated ones.
 */
class RealEndpointEmbeddingTest {

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_BASE_URL", matches = ".+")
    void openAiCompatibleEndpoint() {
        Map<String, String> props = new HashMap<>();
        props.put("model.provider", "openai");
        props.put("model.base.url", System.getenv("OPENAI_BASE_URL"));
        props.put("model.api.key", System.getenv().getOrDefault("OPENAI_API_KEY", ""));
        props.put("model.name", System.getenv().getOrDefault("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small"));
        checkSemantics(props);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_ENDPOINT", matches = ".+")
    void azureOpenAiDeployment() {
        Map<String, String> props = new HashMap<>();
        props.put("model.provider", "azure-openai");
        props.put("model.base.url", System.getenv("AZURE_OPENAI_ENDPOINT"));
        props.put("model.api.key", System.getenv().getOrDefault("AZURE_OPENAI_API_KEY", ""));
        props.put("model.name", System.getenv().getOrDefault("AZURE_OPENAI_EMBEDDING_DEPLOYMENT",
                "text-embedding-3-small"));
        if (System.getenv("AZURE_OPENAI_API_VERSION") != null) {
            props.put("model.api.version", System.getenv("AZURE_OPENAI_API_VERSION"));
        }
        checkSemantics(props);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OLLAMA_BASE_URL", matches = ".+")
    void ollamaEndpoint() {
        Map<String, String> props = new HashMap<>();
        props.put("model.provider", "ollama");
        props.put("model.base.url", System.getenv("OLLAMA_BASE_URL"));
        props.put("model.name", System.getenv().getOrDefault("OLLAMA_EMBEDDING_MODEL", "all-minilm"));
        checkSemantics(props);
    }

    @SuppressWarnings("unchecked")
    private static void checkSemantics(Map<String, String> props) {
        props.put("input.field", "text");
        EmbedText<SinkRecord> t = new EmbedText.Value<>();
        t.configure(props);
        try {
            List<Float> cat = (List<Float>) ((Map<String, Object>) t.apply(record("A cat sleeps on the sofa.")).value()).get("embedding");
            List<Float> kitten = (List<Float>) ((Map<String, Object>) t.apply(record("A kitten naps on the couch.")).value()).get("embedding");
            List<Float> tax = (List<Float>) ((Map<String, Object>) t.apply(record("Quarterly VAT returns are due in April.")).value()).get("embedding");
            assertThat(cat).hasSameSizeAs(kitten).hasSameSizeAs(tax);
            assertThat(cosine(cat, kitten)).isGreaterThan(cosine(cat, tax));
        } finally {
            t.close();
        }
    }

    private static SinkRecord record(String text) {
        return new SinkRecord("t", 0, null, null, null, Map.of("text", text), 0L);
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}

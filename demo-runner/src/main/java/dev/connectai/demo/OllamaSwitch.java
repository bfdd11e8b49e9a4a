package dev.connectai.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one change the demo may make to a committed connector config: the documented switch of an LLM pipeline from
 * an OpenAI-compatible endpoint to Ollama, which the demo announces when it makes it.
 */
final class OllamaSwitch {

    private OllamaSwitch() {
    }

    /**
     * The same connector on Ollama instead of an OpenAI-compatible endpoint: every {@code *llm.provider} becomes
     * {@code ollama}, base URL and model come from {@code ${env:OLLAMA_BASE_URL}} and {@code ${env:OLLAMA_CHAT_MODEL}}
     * (still through the config provider), and the API key is dropped, as Ollama takes none.
     *
     * @return the keys that changed, to tell the user
     */
    static List<String> toOllama(ObjectNode connector) {
        ObjectNode config = (ObjectNode) connector.get("config");
        List<String> changed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        config.fieldNames().forEachRemaining(keys::add);
        Map<String, String> replacements = Map.of(
                "llm.provider", "ollama",
                "llm.base.url", "${env:OLLAMA_BASE_URL}",
                "llm.model", "${env:OLLAMA_CHAT_MODEL}");
        for (String key : keys) {
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                if (key.equals(r.getKey()) || key.endsWith("." + r.getKey())) {
                    config.put(key, r.getValue());
                    changed.add(key);
                }
            }
            if (key.equals("llm.api.key") || key.endsWith(".llm.api.key")) {
                config.remove(key);
                changed.add(key + " (removed)");
            }
        }
        return changed;
    }

    /** True when any key of the connector configures an LLM call. */
    static boolean usesLlm(JsonNode connector) {
        Iterator<String> keys = connector.path("config").fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (key.equals("llm.provider") || key.endsWith(".llm.provider")) {
                return true;
            }
        }
        return false;
    }
}

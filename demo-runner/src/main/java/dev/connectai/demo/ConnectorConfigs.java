package dev.connectai.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The committed connector JSON under {@code connector-configs/rest/}. The demo posts these files as they are: they
 * are the product, and the demo is there to show that they work. The one change it can make is the documented
 * switch of the LLM pipelines from OpenAI to Ollama ({@link #toOllama}), and it says so when it does.
 */
final class ConnectorConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    ConnectorConfigs(Path repoRoot) {
        this.folder = repoRoot.resolve("connector-configs").resolve("rest");
    }

    Path folder() {
        return folder;
    }

    /** One {"name", "config"} document, e.g. {@code reviews-to-qdrant.json}. */
    ObjectNode read(String file) throws IOException {
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing connector config " + path);
        }
        return (ObjectNode) JSON.readTree(path.toFile());
    }

    /**
     * The topics a connector reads or writes ({@code topic} of a source, {@code topics} of a sink). The broker does
     * not create topics on first use (as on most production clusters); DLQ topics Connect creates itself.
     */
    static Set<String> topics(JsonNode connector) {
        JsonNode config = connector.path("config");
        Set<String> out = new LinkedHashSet<>();
        for (String key : List.of("topic", "topics")) {
            for (String t : config.path(key).asText("").split(",")) {
                if (!t.isBlank()) {
                    out.add(t.trim());
                }
            }
        }
        return out;
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

package dev.connectai.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The connector JSON we ship under {@code connector-configs/rest/} ({@code {"name", "config"}} per pipeline), read as
 * it is committed: the integration test and the main job post these files unchanged, so both read them here.
 */
public final class ShippedConnectorConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    private ShippedConnectorConfigs(Path folder) {
        this.folder = folder;
    }

    /** The {@code rest/} folder of a {@code connector-configs} folder. */
    public static ShippedConnectorConfigs in(Path connectorConfigsDir) {
        return new ShippedConnectorConfigs(connectorConfigsDir.resolve("rest"));
    }

    public Path folder() {
        return folder;
    }

    /** One pipeline's document, by name ({@code reviews-to-qdrant}) or file name ({@code reviews-to-qdrant.json}). */
    public ObjectNode read(String name) {
        Path path = folder.resolve(name.endsWith(".json") ? name : name + ".json");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing connector config " + path);
        }
        try {
            return (ObjectNode) JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** Every shipped document, in file-name order. */
    public List<ObjectNode> all() {
        try (Stream<Path> files = Files.list(folder)) {
            List<ObjectNode> out = new ArrayList<>();
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .forEach(n -> out.add(read(n)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder, e);
        }
    }

    /** The {@code config} object as the string map Connect's REST API takes, with {@code name} added. */
    public static Map<String, String> configMap(JsonNode connector) {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = connector.get("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        out.put("name", connector.get("name").asText());
        return out;
    }

    /**
     * The topics a connector reads or writes ({@code topic} of a source, {@code topics} of a sink). Our brokers, like
     * most production ones, do not create topics on first use; DLQ topics Connect creates itself.
     */
    public static Set<String> topics(JsonNode connector) {
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
}

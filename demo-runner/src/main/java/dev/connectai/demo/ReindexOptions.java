package dev.connectai.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The arguments of the re-index command ({@code ./reindex.sh}), parsed and checked; see {@link #USAGE}. */
record ReindexOptions(String connectUrl, String connector, String alias, String newCollection, String newConnector,
        Map<String, String> overrides, String bootstrapServers, Map<String, String> kafkaProperties,
        Duration timeout, boolean dropOld) {

    static final String USAGE = String.join("\n",
            "usage: ./reindex.sh --connector NAME --alias ALIAS --new-collection NAME --bootstrap-servers HOSTS",
            "                    [--set KEY=VALUE]... [--config-file FILE.json] [--connect URL] [--new-connector NAME]",
            "                    [--kafka-property KEY=VALUE]... [--timeout SECONDS] [--drop-old]",
            "  --connector          the running Qdrant sink connector whose collection search serves today",
            "  --alias              the Qdrant alias search queries; switched to the new collection at the end",
            "  --new-collection     the collection to re-index into (must not exist, or be empty)",
            "  --set KEY=VALUE      a sink setting of the new connector, e.g. model.name=bge-small-en-v1.5-q or",
            "                       chunk.size.tokens=256 (repeatable; applied after --config-file)",
            "  --config-file FILE   a JSON object of sink settings, or a {\"name\", \"config\"} connector document",
            "  --bootstrap-servers  Kafka, to read the new connector's consumer lag",
            "  --connect URL        the Connect REST API (default http://localhost:8083)",
            "  --new-connector NAME the second sink connector (default <connector>-<new-collection>)",
            "  --kafka-property K=V an admin client setting, e.g. security.protocol=SSL (repeatable)",
            "  --timeout SECONDS    how long the new connector may take to catch up (default 1800)",
            "  --drop-old           delete the old collection after the switch (default: keep it)",
            "Qdrant is QDRANT_URL (gRPC, default http://localhost:6334) with QDRANT_API_KEY, as for ./search.sh.");

    private static final ObjectMapper JSON = new ObjectMapper();

    static ReindexOptions parse(List<String> args) throws IOException {
        String connect = "http://localhost:8083";
        String connector = null;
        String alias = null;
        String newCollection = null;
        String newConnector = null;
        String bootstrap = null;
        Map<String, String> fromFile = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        long timeoutSeconds = 1800;
        boolean dropOld = false;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String option = it.next();
            switch (option) {
                case "--drop-old" -> dropOld = true;
                case "--connect" -> connect = value(option, it);
                case "--connector" -> connector = value(option, it);
                case "--alias" -> alias = value(option, it);
                case "--new-collection" -> newCollection = value(option, it);
                case "--new-connector" -> newConnector = value(option, it);
                case "--bootstrap-servers" -> bootstrap = value(option, it);
                case "--set" -> keyValue(option, value(option, it), set);
                case "--kafka-property" -> keyValue(option, value(option, it), kafka);
                case "--config-file" -> fromFile.putAll(configFile(Path.of(value(option, it))));
                case "--timeout" -> {
                    String v = value(option, it);
                    try {
                        timeoutSeconds = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--timeout takes whole seconds, not '" + v + "'");
                    }
                    if (timeoutSeconds < 1 || timeoutSeconds > 7 * 24 * 3600) {
                        throw new IllegalArgumentException("--timeout must be between 1 and 604800 seconds");
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + option + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        if (connector == null) {
            missing.add("--connector");
        }
        if (alias == null) {
            missing.add("--alias");
        }
        if (newCollection == null) {
            missing.add("--new-collection");
        }
        if (bootstrap == null) {
            missing.add("--bootstrap-servers");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + String.join(", ", missing));
        }
        Map<String, String> overrides = new LinkedHashMap<>(fromFile);
        overrides.putAll(set);
        while (connect.endsWith("/")) {
            connect = connect.substring(0, connect.length() - 1);
        }
        return new ReindexOptions(connect, connector, alias, newCollection,
                newConnector != null ? newConnector : connector + "-" + newCollection, overrides, bootstrap, kafka,
                Duration.ofSeconds(timeoutSeconds), dropOld);
    }

    private static String value(String option, Iterator<String> it) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        String v = it.next().trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a non-empty value");
        }
        return v;
    }

    private static void keyValue(String option, String pair, Map<String, String> into) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(option + " takes KEY=VALUE, not '" + pair + "'");
        }
        into.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
    }

    /** A JSON object of settings, or a connector document whose "config" object holds them. */
    private static Map<String, String> configFile(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(file));
        JsonNode settings = root != null && root.path("config").isObject() ? root.get("config") : root;
        if (settings == null || !settings.isObject()) {
            throw new IllegalArgumentException("--config-file " + file + " must hold a JSON object of settings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        settings.fields().forEachRemaining(e -> out.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }
}

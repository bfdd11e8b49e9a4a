package dev.connectai.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.toolkit.sparse.Bm25Config;
import dev.connectai.toolkit.sparse.Bm25Settings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The BM25 settings the search command encodes its query with. They must be the sink's, or query and document
 * terms do not meet (a stemmed "hinges" is not "hinges"): so they are the sink's own {@code sparse.bm25.*} keys,
 * read with the sink's definitions ({@link Bm25Config}) from the connector's JSON ({@code --sink-config FILE}, the
 * REST form with a {@code config} object or the bare config), then {@code --bm25-language}, {@code --bm25-stemming},
 * {@code --bm25-stopwords} on top (and the sparse vector's name from {@code sparse.bm25.vector}, unless
 * {@code --sparse-vector} names one); unset keys take the same defaults as the sink's. Only the term settings matter for
 * a query (weight 1 per term); k1, b and the average length shape document vectors only.
 */
final class QuerySettings {


    private final Map<String, String> bm25 = new HashMap<>();

    /** Every {@code sparse.bm25.*} key of a connector config file. */
    void readSinkConfig(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        JsonNode config = root.has("config") ? root.get("config") : root;
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith(Bm25Config.PREFIX)) {
                bm25.put(e.getKey(), e.getValue().asText());
            }
        }
    }

    /**
     * The sparse vector the sink writes BM25 into ({@link Bm25Config#SINK_VECTOR}), or null when the sink config did
     * not say.
     */
    String vectorName() {
        String name = bm25.get(Bm25Config.SINK_VECTOR);
        return name == null || name.isBlank() ? null : name.trim();
    }

    /** A {@code --bm25-NAME VALUE} option: the sink key {@code sparse.bm25.NAME}. */
    void set(String option, String value) {
        bm25.put(Bm25Config.PREFIX + option.substring("--bm25-".length()), value);
    }

    /** Validated as the sink validates them: a wrong value fails with the key and the allowed values. */
    Bm25Settings bm25() {
        ConfigDef def = new ConfigDef();
        Bm25Config.addTo(def, "--mode sparse|hybrid", 0);
        return Bm25Config.settings(new AbstractConfig(def, bm25, false));
    }
}

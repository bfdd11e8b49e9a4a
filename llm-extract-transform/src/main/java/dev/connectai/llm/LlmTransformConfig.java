package dev.connectai.llm;

import java.util.Map;

import dev.connectai.toolkit.llm.ChatModelConfig;
import dev.connectai.toolkit.llm.ChatModelSpec;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.NullTextPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Settings both LLM transforms share: envelope, output placement, cache, provenance headers and the LLM itself. */
abstract class LlmTransformConfig extends AbstractConfig {

    static final String OUTPUT_GROUP = "Output";

    static final String OUTPUT_FIELD = "output.field";
    static final String OUTPUT_TOPIC = "output.topic";
    static final String CACHE_SIZE = "cache.size";
    static final String HEADERS = "output.headers.enabled";

    LlmTransformConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
    }

    static ConfigDef addOutput(ConfigDef def, String outputFieldDefault, String outputFieldDoc) {
        int o = 0;
        def.define(OUTPUT_FIELD, Type.STRING, outputFieldDefault, Importance.HIGH, outputFieldDoc,
                OUTPUT_GROUP, ++o, Width.MEDIUM, "Output field");
        def.define(OUTPUT_TOPIC, Type.STRING, "", Importance.MEDIUM,
                "Route transformed records to this topic; empty keeps the record's topic.",
                OUTPUT_GROUP, ++o, Width.MEDIUM, "Output topic");
        def.define(HEADERS, Type.BOOLEAN, false, Importance.LOW,
                "Add provenance headers: llm.model, llm.prompt.hash, llm.latency.ms, llm.tokens.in, llm.tokens.out, "
                        + "llm.attempts (cache hits carry llm.cache=hit).", OUTPUT_GROUP, ++o, Width.SHORT, "Headers");
        def.define(CACHE_SIZE, Type.INT, 10_000, Range.between(0, 10_000_000), Importance.LOW,
                "Answers kept in an LRU cache keyed by (model, prompt, schema, input), so replays and duplicates cost "
                        + "nothing; 0 disables it.", OUTPUT_GROUP, ++o, Width.SHORT, "Cache entries");
        NullTextPolicy.define(def, "When the input text is null or blank: 'pass' forwards the record unchanged, 'fail' "
                + "makes it a bad record.", OUTPUT_GROUP, ++o, NullTextPolicy.PASS, NullTextPolicy.FAIL);
        return ChatModelConfig.addTo(def);
    }

    /** Empty: the output replaces the whole value. */
    String outputField() {
        return getString(OUTPUT_FIELD).trim();
    }

    /** Empty: records keep their topic. */
    String outputTopic() {
        return getString(OUTPUT_TOPIC).trim();
    }

    boolean headers() {
        return getBoolean(HEADERS);
    }

    int cacheSize() {
        return getInt(CACHE_SIZE);
    }

    NullTextPolicy nullPolicy() {
        return NullTextPolicy.of(this);
    }

    EnvelopePolicy envelope() {
        return EnvelopePolicy.of(this);
    }

    ChatModelSpec chatModel() {
        return ChatModelConfig.spec(this);
    }
}

package dev.connectai.llm;

import dev.connectai.toolkit.config.CaseInsensitiveChoice;
import dev.connectai.toolkit.llm.ChatModelConfig;
import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.TextTemplate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Settings both LLM transforms share: output placement, cache, provenance headers and the LLM itself. */
final class LlmTransformConfig {

    static final String OUTPUT_GROUP = "Output";

    static final String OUTPUT_FIELD = "output.field";
    static final String OUTPUT_TOPIC = "output.topic";
    static final String CACHE_SIZE = "cache.size";
    static final String HEADERS = "output.headers.enabled";
    static final String NULL_POLICY = "input.null.policy";

    private LlmTransformConfig() {
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
        def.define(NULL_POLICY, Type.STRING, "pass", CaseInsensitiveChoice.of("pass", "fail"), Importance.MEDIUM,
                "When the input text is null or blank: 'pass' forwards the record unchanged, 'fail' makes it a bad "
                        + "record.", OUTPUT_GROUP, ++o, Width.SHORT, "Null input policy");
        return ChatModelConfig.addTo(def);
    }

    static ConfigDef.Validator fieldPath() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            String v = value == null ? "" : value.toString().trim();
            if (!v.isEmpty()) {
                try {
                    FieldPath.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }, () -> "a dotted field path such as 'body' or 'email.text'");
    }

    static ConfigDef.Validator template(boolean required) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            String v = value == null ? "" : value.toString();
            if (v.isEmpty() && required) {
                throw new ConfigException(name, value, "is required");
            }
            if (!v.isEmpty()) {
                try {
                    TextTemplate.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }
        }, () -> "text with {field.path} placeholders; {{ and }} for literal braces");
    }
}

package dev.connectai.embedding;

import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.embedding.EmbeddingModelConfig;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.NullTextPolicy;
import dev.connectai.toolkit.record.TextTemplate;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Settings of {@link EmbedText}. The generated reference is {@code docs/config-reference.md} (module config-docs). */
public final class EmbedTextConfig extends AbstractConfig {

    public static final String INPUT_GROUP = "Input";
    public static final String OUTPUT_GROUP = "Output";
    public static final String CACHE_GROUP = "Cache";

    public static final String INPUT_FIELD = "input.field";
    public static final String INPUT_TEMPLATE = "input.template";
    public static final String OUTPUT_FIELD = "output.field";
    public static final String CACHE_SIZE = "cache.size";
    public static final String SKIP_UNCHANGED_MAX_KEYS = "skip.unchanged.max.keys";
    public static final String INPUT_TYPE = "model.input.type";

    public static final ConfigDef CONFIG_DEF = EmbeddingModelConfig.addTo(baseDef());

    private final FieldPath inputField;
    private final TextTemplate inputTemplate;
    private final EmbeddingModelSpec modelSpec;

    public EmbedTextConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        String field = getString(INPUT_FIELD).trim();
        String template = getString(INPUT_TEMPLATE);
        if (!field.isEmpty() && !template.isEmpty()) {
            throw bothInputs(template);
        }
        this.inputField = field.isEmpty() ? null : FieldPath.parse(field);
        this.inputTemplate = template.isEmpty() ? null : TextTemplate.parse(template);
        this.modelSpec = EmbeddingModelConfig.spec(this);
    }

    private static ConfigDef baseDef() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(INPUT_FIELD, Type.STRING, "", FieldPath.validator(), Importance.HIGH,
                        "Field holding the text to embed; nested fields as a dotted path (e.g. 'doc.body'), in "
                                + "Struct or Map values. Leave both this and input.template empty to embed the whole "
                                + "value, which must then be a string.",
                        INPUT_GROUP, ++order, Width.MEDIUM, "Text field")
                .define(INPUT_TEMPLATE, Type.STRING, "", TextTemplate.validator(false), Importance.HIGH,
                        "Builds the text from several fields, e.g. '{title}\\n\\n{body}'. A null field renders as "
                                + "empty text; a missing field is a bad record.",
                        INPUT_GROUP, ++order, Width.LONG, "Text template", List.of(), new OneInput());
        EnvelopePolicy.define(def, EnvelopePolicy.TRANSFORM_DOC, INPUT_GROUP, ++order);
        NullTextPolicy.define(def,
                "When the text is null, empty or blank: 'pass' forwards the record unchanged; 'null-vector' "
                        + "adds the output field as null; 'fail' makes it a bad record (DLQ under "
                        + "errors.tolerance=all).",
                INPUT_GROUP, ++order, NullTextPolicy.values());
        def.define(INPUT_TYPE, Type.STRING, TextRole.DOCUMENT.configName(), Enums.validator(TextRole.class),
                Importance.MEDIUM, "What the text is to the model: 'document' (a text to store and find) or 'query' "
                        + "(a text to search with, e.g. questions a later step looks up). The in-process model puts "
                        + "the prefix its model card asks for before it: bge-small-en-v1.5 its retrieval instruction "
                        + "before queries, e5-small-v2 'query: ' or 'passage: ', a model from model.path "
                        + "model.query.prefix or model.document.prefix; all-minilm-l6-v2 takes none, and remote "
                        + "providers embed the text as given. The sink always embeds documents.",
                INPUT_GROUP, ++order, Width.SHORT, "Input type");
        order = 0;
        def.define(OUTPUT_FIELD, Type.STRING, "embedding", new NonBlankName(), Importance.HIGH,
                "Field the vector is written to (ARRAY<FLOAT32> with schemas, a list of floats without). A field "
                        + "of that name is replaced.",
                OUTPUT_GROUP, ++order, Width.MEDIUM, "Vector field");
        def.define(CACHE_SIZE, Type.INT, 10_000, Range.between(0, 10_000_000), Importance.LOW,
                "How many (text, vector) pairs this transform keeps in an LRU cache; 0 disables it. A 384-dim vector "
                        + "costs about 1.6 KB.",
                CACHE_GROUP, 1, Width.SHORT, "Cache entries");
        def.define(SKIP_UNCHANGED_MAX_KEYS, Type.INT, 0, Range.between(0, 10_000_000), Importance.LOW,
                "Skip the model when a record's text is unchanged for its key (a CDC update of other columns): "
                        + "keeps, per record key, the SHA-256 of the last text embedded and its vector, in an LRU of "
                        + "at most this many keys (about 1.6 KB per key with a 384-dim vector); 0 turns it off. "
                        + "Checked before " + CACHE_SIZE + ", which is keyed by the text itself. Per transform "
                        + "instance (each task has its own) and lost on restart; records without a key, or with a "
                        + "bytes key, are not remembered. Metric: embeddings-skipped.",
                CACHE_GROUP, 2, Width.SHORT, "Unchanged-text keys");
        return def;
    }

    private static ConfigException bothInputs(Object template) {
        return new ConfigException(INPUT_TEMPLATE, template, "set either " + INPUT_FIELD + " or " + INPUT_TEMPLATE
                + ", not both");
    }

    /**
     * Reports {@value #INPUT_FIELD} and {@value #INPUT_TEMPLATE} set together at validation. A recommender, because
     * Connect validates a transformation's settings only through its ConfigDef (validators see one key;
     * {@code ConfigDef.validate} reports what a recommender throws on its key, and {@code ConfigDef.embed} keeps
     * recommenders when Connect embeds the transformation's ConfigDef into the connector's).
     */
    private static final class OneInput implements ConfigDef.Recommender {

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            Object field = parsedConfig.get(INPUT_FIELD);
            Object template = parsedConfig.get(INPUT_TEMPLATE);
            if (field != null && !field.toString().isBlank() && template != null && !template.toString().isEmpty()) {
                throw bothInputs(template);
            }
            return List.of();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }

    public FieldPath inputField() {
        return inputField;
    }

    public TextTemplate inputTemplate() {
        return inputTemplate;
    }

    public EnvelopePolicy envelope() {
        return EnvelopePolicy.of(this);
    }

    public NullTextPolicy nullPolicy() {
        return NullTextPolicy.of(this);
    }

    public String outputField() {
        return getString(OUTPUT_FIELD).trim();
    }

    public int skipUnchangedMaxKeys() {
        return getInt(SKIP_UNCHANGED_MAX_KEYS);
    }

    public int cacheSize() {
        return getInt(CACHE_SIZE);
    }

    public TextRole inputType() {
        return Enums.parse(TextRole.class, getString(INPUT_TYPE));
    }

    public EmbeddingModelSpec modelSpec() {
        return modelSpec;
    }

    /** Writes the Markdown config reference to the path given (or prints it). */

    /** A field name with at least one visible character: checked here so Connect's validate reports it on its key. */
    private static final class NonBlankName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).trim().isEmpty()) {
                throw new ConfigException(name, value, "must not be empty: name the field the vector is written to");
            }
        }

        @Override
        public String toString() {
            return "a non-empty field name";
        }
    }
}

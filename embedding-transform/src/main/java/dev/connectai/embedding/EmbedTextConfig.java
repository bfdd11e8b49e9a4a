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
import dev.connectai.toolkit.sparse.Bm25Config;
import dev.connectai.toolkit.sparse.Bm25Settings;
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
    public static final String BM25_FIELD = Bm25Config.PREFIX + "field";

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
        if (bm25Field() != null && bm25Field().equals(outputField())) {
            throw sameField(bm25Field());
        }
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
        def.define(BM25_FIELD, Type.STRING, "", null, Importance.MEDIUM,
                "Field that also gets the BM25 sparse vector of the text, for hybrid search in a sink that stores "
                        + "sparse vectors (the Qdrant sink: name it in vector.sparse, in a collection whose sparse "
                        + "vector has modifier idf; README, 'Hybrid search: BM25 sparse vectors'). A struct "
                        + "{indices: ARRAY<INT64>, values: ARRAY<FLOAT32>} with schemas, a map of the two lists "
                        + "without; indices are unsigned 32-bit term hashes. With " + INPUT_TYPE + "=query every "
                        + "term weighs 1 (the query form). Empty: no BM25 vector.",
                Bm25Config.GROUP, 1, Width.MEDIUM, "BM25 field", List.of(), new DistinctFields());
        Bm25Config.addTo(def, BM25_FIELD, 1);
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

    private static ConfigException sameField(Object value) {
        return new ConfigException(BM25_FIELD, value, "is also " + OUTPUT_FIELD + ": write the BM25 vector to a "
                + "field of its own");
    }

    /** Reports {@value #BM25_FIELD} equal to {@value #OUTPUT_FIELD} at validation; a recommender as {@link OneInput}. */
    private static final class DistinctFields implements ConfigDef.Recommender {

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            Object bm25 = parsedConfig.get(BM25_FIELD);
            Object output = parsedConfig.get(OUTPUT_FIELD);
            if (bm25 != null && output != null && !bm25.toString().isBlank()
                    && bm25.toString().trim().equals(output.toString().trim())) {
                throw sameField(bm25);
            }
            return List.of();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
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

    /** The field for the BM25 vector, or null when none is written. */
    public String bm25Field() {
        String name = getString(BM25_FIELD).trim();
        return name.isEmpty() ? null : name;
    }

    public Bm25Settings bm25Settings() {
        return Bm25Config.settings(this);
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

package dev.connectai.embedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.embedding.EmbeddingMetrics;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.embedding.TruncationNotice;
import dev.connectai.toolkit.embedding.VectorCache;
import dev.connectai.toolkit.record.AddedField;
import dev.connectai.toolkit.record.DebeziumEnvelope;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.NullTextPolicy;
import dev.connectai.toolkit.record.RecordLocation;
import dev.connectai.toolkit.record.RecordSide;
import dev.connectai.toolkit.record.TextSelector;
import dev.connectai.toolkit.record.ValueTypes;
import dev.connectai.toolkit.remote.ModelConfigurationError;
import dev.connectai.toolkit.shared.SharedResources;
import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.text.BlankText;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Adds an embedding vector of a record's text to the record. Use {@link Key} or {@link Value}.
 */
public abstract class EmbedText<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Adds an embedding vector of the record's text as a new field. "
            + "The text comes from one field (nested paths allowed), from a template over several fields, or from "
            + "the whole value when it is a string; Debezium change events are read from and written to 'after'. "
            + "The vector is ARRAY<FLOAT32> with schemas and a list of floats without; tombstones pass untouched. "
            + "Models: all-MiniLM-L6-v2 in-process (fp32 or int8, shipped in the plugin), any OpenAI-compatible "
            + "endpoint, or Ollama; one loaded model is shared by every task of the worker. Optionally also a BM25 "
            + "sparse vector of the same text (sparse.bm25.field), for hybrid search."
            + "<p/>Use the concrete transformation type designed for the record key (<code>"
            + Key.class.getName() + "</code>) or value (<code>" + Value.class.getName() + "</code>).";

    public static final ConfigDef CONFIG_DEF = EmbedTextConfig.CONFIG_DEF;

    /** Field names of the struct built when the whole value is a string. */
    static final String WHOLE_VALUE_TEXT_FIELD = "text";

    private static final Schema VECTOR_SCHEMA = SchemaBuilder.array(Schema.FLOAT32_SCHEMA).optional().build();

    private final RecordSide side;
    private EmbedTextConfig config;
    private TextSelector selector;
    private SharedResources.Lease<EmbeddingModel> model;
    private VectorCache cache;
    private UnchangedTextCache unchanged;
    private EmbeddingMetrics metrics;
    private TruncationNotice truncation;
    private TextRole role;
    private EnvelopePolicy envelope;
    private NullTextPolicy nullPolicy;
    private AddedField vectorField;
    /** Null without sparse.bm25.field. */
    private Bm25Field bm25Field;
    private Schema wholeValueSchema;

    protected EmbedText(RecordSide side) {
        this.side = side;
    }

    @Override
    public void configure(Map<String, ?> props) {
        config = new EmbedTextConfig(props);
        selector = new TextSelector(config.inputField(), config.inputTemplate());
        model = SharedEmbeddingModels.acquire(config.modelSpec());
        cache = new VectorCache(config.cacheSize());
        unchanged = new UnchangedTextCache(config.skipUnchangedMaxKeys());
        metrics = new EmbeddingMetrics(model.get().id(), "embed-text");
        truncation = new TruncationNotice("EmbedText (" + metrics.instance() + ")", config.modelSpec(),
                metrics::truncated);
        role = config.inputType();
        envelope = config.envelope();
        nullPolicy = config.nullPolicy();
        vectorField = new AddedField(config.outputField(), VECTOR_SCHEMA);
        bm25Field = config.bm25Field() == null ? null
                : new Bm25Field(config.bm25Field(), new Bm25Encoder(config.bm25Settings()), role);
        SchemaBuilder whole = SchemaBuilder.struct()
                .field(WHOLE_VALUE_TEXT_FIELD, Schema.STRING_SCHEMA)
                .field(config.outputField(), VECTOR_SCHEMA);
        if (bm25Field != null) {
            whole.field(bm25Field.name(), Bm25Field.SCHEMA);
        }
        wholeValueSchema = whole.build();
    }

    @Override
    public R apply(R record) {
        Object value = side.value(record);
        if (value == null) {
            return record;
        }
        Schema schema = side.schema(record);
        DebeziumEnvelope event = envelope.unwrap(value, schema, () -> new DataException("EmbedText: "
                + EnvelopePolicy.CONFIG + "=debezium but the " + side.label() + " is not a Debezium change "
                + "event (no 'op', 'source' and 'after') (" + RecordLocation.of(record) + ")"));
        Object root = event != null ? event.after() : value;
        if (root == null) {
            return record; // a delete event: nothing to embed
        }
        Schema rootSchema = event != null ? event.afterSchema() : schema;

        if (selector.wholeValue()) {
            return applyToWholeValue(record, root, rootSchema, event != null);
        }
        String text = textOf(record, root, rootSchema);
        List<Float> vector;
        if (BlankText.is(text)) {
            switch (nullPolicy) {
                case PASS:
                    return record;
                case FAIL:
                    throw new DataException("EmbedText: the text from " + selector.describe() + " is "
                            + (text == null ? "null" : "blank") + " (" + RecordLocation.of(record) + ")");
                default:
                    vector = null;
            }
        } else {
            vector = embed(record, text);
        }
        if (bm25Field != null) {
            root = bm25Field.addTo(root, schema != null, vector == null ? null : text);
        }
        Object updatedRoot = schema == null ? vectorField.addTo((Map<?, ?>) root, vector)
                : vectorField.addTo((Struct) root, vector);
        Schema updatedRootSchema = schema == null ? null : ((Struct) updatedRoot).schema();
        SchemaAndValue out = event == null ? new SchemaAndValue(updatedRootSchema, updatedRoot)
                : event.withAfter(updatedRootSchema, updatedRoot);
        return side.replace(record, record.topic(), out.schema(), out.value(), record.headers());
    }

    private R applyToWholeValue(R record, Object root, Schema rootSchema, boolean inEnvelope) {
        if (inEnvelope || !(root instanceof String text)) {
            throw new DataException("EmbedText: " + EmbedTextConfig.INPUT_FIELD + " and " + EmbedTextConfig.INPUT_TEMPLATE
                    + " are empty, so the whole " + side.label() + " must be a string, but it is " + ValueTypes.describe(root)
                    + " (" + RecordLocation.of(record) + ")");
        }
        List<Float> vector;
        if (BlankText.is(text)) {
            switch (nullPolicy) {
                case PASS:
                    return record;
                case FAIL:
                    throw new DataException("EmbedText: the " + side.label() + " text is blank (" + RecordLocation.of(record) + ")");
                default:
                    vector = null;
            }
        } else {
            vector = embed(record, text);
        }
        if (rootSchema == null) {
            Map<String, Object> out = new HashMap<>();
            out.put(WHOLE_VALUE_TEXT_FIELD, text);
            out.put(config.outputField(), vector);
            if (bm25Field != null) {
                out.put(bm25Field.name(), vector == null ? null : Bm25Field.map(bm25Field.encode(text)));
            }
            return side.replace(record, record.topic(), null, out, record.headers());
        }
        Struct out = new Struct(wholeValueSchema).put(WHOLE_VALUE_TEXT_FIELD, text).put(config.outputField(), vector);
        if (bm25Field != null) {
            out.put(bm25Field.name(), vector == null ? null : Bm25Field.struct(bm25Field.encode(text)));
        }
        return side.replace(record, record.topic(), wholeValueSchema, out, record.headers());
    }

    private String textOf(R record, Object root, Schema rootSchema) {
        try {
            return selector.select(root, rootSchema, side.label());
        } catch (IllegalArgumentException e) {
            throw new DataException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")");
        }
    }


    private List<Float> embed(R record, String text) {
        float[] vector = unchanged.get(record.key(), text);
        if (vector != null) {
            metrics.unchangedSkip();
        } else {
            vector = cached(record, text);
            unchanged.put(record.key(), text, vector);
        }
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }

    private float[] cached(R record, String text) {
        float[] vector = cache.get(text);
        if (vector != null) {
            metrics.cacheHit();
        } else {
            long start = System.nanoTime();
            try {
                vector = model.get().embed(text, role, truncation);
            } catch (RetriableException e) {
                metrics.failure();
                throw new RetriableException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
            } catch (DataException e) {
                metrics.failure();
                throw new DataException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
            } catch (ConnectException e) {
                metrics.failure();
                throw new ConnectException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
            } catch (ModelConfigurationError e) {
                metrics.failure();
                throw e.in("EmbedText"); // stops the task: see ModelConfigurationError
            }
            metrics.embedded(1, System.nanoTime() - start);
            cache.put(text, vector);
        }
        return vector;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (model != null) {
            model.close();
            model = null;
        }
        if (bm25Field != null) {
            bm25Field.close();
            bm25Field = null;
        }
    }

    /** Embeds text in the record key. */
    public static class Key<R extends ConnectRecord<R>> extends EmbedText<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Embeds text in the record value. */
    public static class Value<R extends ConnectRecord<R>> extends EmbedText<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}

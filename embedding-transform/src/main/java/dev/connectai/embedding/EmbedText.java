package dev.connectai.embedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.embedding.EmbeddingMetrics;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.embedding.VectorCache;
import dev.connectai.toolkit.record.DebeziumEnvelope;
import dev.connectai.toolkit.record.RecordLocation;
import dev.connectai.toolkit.record.RecordSide;
import dev.connectai.toolkit.record.TextSelector;
import dev.connectai.toolkit.record.ValueTypes;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

/**
 * Adds an embedding vector of a record's text to the record. Use {@link Key} or {@link Value}.
 */
public abstract class EmbedText<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Adds an embedding vector of the record's text as a new field. "
            + "The text comes from one field (nested paths allowed), from a template over several fields, or from "
            + "the whole value when it is a string; Debezium change events are read from and written to 'after'. "
            + "The vector is ARRAY<FLOAT32> with schemas and a list of floats without; tombstones pass untouched. "
            + "Models: all-MiniLM-L6-v2 in-process (fp32 or int8, shipped in the plugin), any OpenAI-compatible "
            + "endpoint, or Ollama; one loaded model is shared by every task of the worker."
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
    private EmbeddingMetrics metrics;
    private Cache<Schema, Schema> schemaUpdateCache;
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
        metrics = new EmbeddingMetrics(model.get().id(), "embed-text");
        schemaUpdateCache = new SynchronizedCache<>(new LRUCache<>(16));
        wholeValueSchema = SchemaBuilder.struct()
                .field(WHOLE_VALUE_TEXT_FIELD, Schema.STRING_SCHEMA)
                .field(config.outputField(), VECTOR_SCHEMA)
                .build();
    }

    @Override
    public R apply(R record) {
        Object value = side.value(record);
        if (value == null) {
            return record;
        }
        Schema schema = side.schema(record);
        boolean envelope = isEnvelope(record, value, schema);
        Object root = envelope ? afterOf(value) : value;
        if (root == null) {
            return record; // a delete event: nothing to embed
        }
        Schema rootSchema = envelope && schema != null ? schema.field(DebeziumEnvelope.AFTER).schema() : schema;

        if (selector.wholeValue()) {
            return applyToWholeValue(record, root, rootSchema, envelope);
        }
        String text = textOf(record, root, rootSchema);
        List<Float> vector;
        if (text == null || text.isBlank()) {
            switch (config.nullPolicy()) {
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
        return schema == null
                ? applySchemaless(record, value, (Map<?, ?>) root, envelope, vector)
                : applyWithSchema(record, (Struct) value, (Struct) root, envelope, vector);
    }

    private R applySchemaless(R record, Object value, Map<?, ?> root, boolean envelope, List<Float> vector) {
        Map<Object, Object> updatedRoot = new HashMap<>(root);
        updatedRoot.put(config.outputField(), vector);
        Object updated = updatedRoot;
        if (envelope) {
            Map<Object, Object> updatedEnvelope = new HashMap<>((Map<?, ?>) value);
            updatedEnvelope.put(DebeziumEnvelope.AFTER, updatedRoot);
            updated = updatedEnvelope;
        }
        return side.replace(record, record.topic(), null, updated, record.headers());
    }

    private R applyWithSchema(R record, Struct value, Struct root, boolean envelope, List<Float> vector) {
        Schema rootSchema = withVectorField(root.schema());
        Struct updatedRoot = copyInto(root, rootSchema);
        updatedRoot.put(config.outputField(), vector);
        if (!envelope) {
            return side.replace(record, record.topic(), rootSchema, updatedRoot, record.headers());
        }
        Schema envelopeSchema = schemaUpdateCache.get(value.schema());
        if (envelopeSchema == null) {
            SchemaBuilder builder = SchemaUtil.copySchemaBasics(value.schema(), SchemaBuilder.struct());
            for (Field field : value.schema().fields()) {
                builder.field(field.name(), field.name().equals(DebeziumEnvelope.AFTER) ? rootSchema : field.schema());
            }
            if (value.schema().isOptional()) {
                builder.optional();
            }
            envelopeSchema = builder.build();
            schemaUpdateCache.put(value.schema(), envelopeSchema);
        }
        Struct updated = new Struct(envelopeSchema);
        for (Field field : value.schema().fields()) {
            updated.put(field.name(), field.name().equals(DebeziumEnvelope.AFTER) ? updatedRoot : value.get(field));
        }
        return side.replace(record, record.topic(), envelopeSchema, updated, record.headers());
    }

    private R applyToWholeValue(R record, Object root, Schema rootSchema, boolean envelope) {
        if (envelope || !(root instanceof String text)) {
            throw new DataException("EmbedText: " + EmbedTextConfig.INPUT_FIELD + " and " + EmbedTextConfig.INPUT_TEMPLATE
                    + " are empty, so the whole " + side.label() + " must be a string, but it is " + ValueTypes.describe(root)
                    + " (" + RecordLocation.of(record) + ")");
        }
        List<Float> vector;
        if (text.isBlank()) {
            switch (config.nullPolicy()) {
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
            return side.replace(record, record.topic(), null, out, record.headers());
        }
        Struct out = new Struct(wholeValueSchema).put(WHOLE_VALUE_TEXT_FIELD, text).put(config.outputField(), vector);
        return side.replace(record, record.topic(), wholeValueSchema, out, record.headers());
    }

    private boolean isEnvelope(R record, Object value, Schema schema) {
        switch (config.envelope()) {
            case NONE:
                return false;
            case DEBEZIUM:
                if (!DebeziumEnvelope.isEnvelope(value, schema)) {
                    throw new DataException("EmbedText: " + EmbedTextConfig.INPUT_ENVELOPE + "=debezium but the "
                            + side.label() + " is not a Debezium change event (no 'op' and 'after') ("
                            + RecordLocation.of(record) + ")");
                }
                return true;
            default:
                return DebeziumEnvelope.isEnvelope(value, schema);
        }
    }

    private static Object afterOf(Object envelope) {
        return envelope instanceof Struct struct ? struct.get(DebeziumEnvelope.AFTER)
                : ((Map<?, ?>) envelope).get(DebeziumEnvelope.AFTER);
    }

    private String textOf(R record, Object root, Schema rootSchema) {
        try {
            return selector.select(root, rootSchema, side.label());
        } catch (IllegalArgumentException e) {
            throw new DataException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")");
        }
    }


    private List<Float> embed(R record, String text) {
        float[] vector = cache.get(text);
        if (vector != null) {
            metrics.cacheHit();
        } else {
            long start = System.nanoTime();
            try {
                vector = model.get().embed(text);
            } catch (RetriableException e) {
                metrics.failure();
                throw new RetriableException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
            } catch (DataException e) {
                metrics.failure();
                throw new DataException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
            } catch (ConnectException e) {
                metrics.failure();
                throw new ConnectException("EmbedText: " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
            }
            metrics.embedded(1, System.nanoTime() - start);
            cache.put(text, vector);
        }
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }

    private Schema withVectorField(Schema schema) {
        Schema updated = schemaUpdateCache.get(schema);
        if (updated == null) {
            SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
            for (Field field : schema.fields()) {
                if (!field.name().equals(config.outputField())) {
                    builder.field(field.name(), field.schema());
                }
            }
            builder.field(config.outputField(), VECTOR_SCHEMA);
            if (schema.isOptional()) {
                builder.optional(); // copySchemaBasics does not carry optionality, and Debezium's 'after' needs it
            }
            updated = builder.build();
            schemaUpdateCache.put(schema, updated);
        }
        return updated;
    }

    private Struct copyInto(Struct source, Schema target) {
        Struct out = new Struct(target);
        for (Field field : source.schema().fields()) {
            if (!field.name().equals(config.outputField())) {
                out.put(field.name(), source.get(field));
            }
        }
        return out;
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
